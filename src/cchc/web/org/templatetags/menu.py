"""Template tags of the main menu (base.html): each entry marks itself when the page shown is under it."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import get_script_prefix
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def is_current(path: str, href: str) -> bool:
    """Whether the page at `path` belongs to the menu entry `href`: the entry itself or a page below its
    folder («/ky/2023Q1/» under «Kỳ báo cáo»); the site's start page only for itself."""
    if path == href:
        return True
    folder = href if href.endswith("/") else href.rsplit("/", 1)[0] + "/"
    return folder != get_script_prefix() and path.startswith(folder)


@register.simple_tag(takes_context=True)
def menu_link(context: dict[str, Any], href: str, label: str) -> SafeString:
    """A link of the main menu, with aria-current="page" when the page shown is under it."""
    request = context.get("request")
    if request is not None and is_current(request.path, href):
        return format_html('<a href="{}" aria-current="page">{}</a>', href, label)
    return format_html('<a href="{}">{}</a>', href, label)
