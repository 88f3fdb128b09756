"""Template filter: numbers written the Vietnamese way ("242.037", "96,60")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from cchc.core.numbers import format_number

register = template.Library()


@register.filter
def vn(value: object) -> str:
    """An int, Decimal or decimal string as Vietnamese text; blank for None."""
    if value is None or value == "":
        return ""
    try:
        return format_number(Decimal(str(value)))
    except InvalidOperation:
        return str(value)
