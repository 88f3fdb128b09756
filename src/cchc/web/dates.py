"""Dates typed the Vietnamese way, dd/mm/yyyy, in a text box.

A browser's date field shows its own order (Chromium shows «mm/dd/yyyy» whatever the page's language), so a
user may type the day and the month the wrong way round; a text box with the format written in it is read
the way every other date in cchc is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms

SHOWN = "%d/%m/%Y"
PLACEHOLDER = "dd/mm/yyyy"


def typed_as_day_month_year(
    field: forms.DateField, label: str = "", formats: Sequence[str] = (SHOWN,)
) -> None:
    """Make a form's date field a dd/mm/yyyy text box, read only in `formats`, whose error names `label`
    («Ngày ban hành»: …) when given, and the format; a stored date is shown as 14/12/2026."""
    field.input_formats = list(formats)
    field.widget = forms.DateInput(
        format=SHOWN, attrs={"placeholder": PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off"}
    )
    problem = "ngày không hợp lệ; ghi dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 14/12/2026."
    field.error_messages["invalid"] = f"{label}: {problem}" if label else problem[0].upper() + problem[1:]
