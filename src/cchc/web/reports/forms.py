"""The form of the report's texts and settings: one text box per section of the outline."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.documents.writer.data import SECTIONS, outline
from cchc.web.dates import typed_as_day_month_year
from cchc.web.reports.models import ReportText

MAX_SECTION_CHARS = 20_000


class ReportTextForm(forms.ModelForm):
    """Số hiệu, place, date, signer, Nơi nhận, and the paragraphs of each section."""

    class Meta:
        model = ReportText
        fields = ["number", "place", "date", "signer_mode", "signer_title", "signer_name", "recipients"]
        widgets = {
            "recipients": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "number": "Ví dụ 125 (hệ thống ghi «Số: 125/BC-UBND»); để trống để văn thư ghi khi ban hành.",
            "date": "Ghi ngày/tháng/năm, ví dụ 14/12/2026; để trống để văn thư ghi ngày khi ký.",
            "recipients": "Mỗi dòng một nơi nhận; dòng cuối thường là «Lưu: VT, …».",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        date = self.fields["date"]
        assert isinstance(date, forms.DateField)  # the model's DateField
        typed_as_day_month_year(date, "Ngày ban hành")
        texts = self.instance.texts if self.instance and self.instance.pk else {}
        # The outline of the period's report type: a 6-month or annual report has its assessment too.
        self.sections = outline(self.instance.period.period)
        for key, heading in self.sections:
            self.fields[f"muc_{key}"] = forms.CharField(
                label=heading,
                required=False,
                max_length=MAX_SECTION_CHARS,
                initial=texts.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text="Mỗi dòng là một đoạn văn. Các câu nêu số liệu do hệ thống tự viết từ biểu mẫu.",
            )

    def section_fields(self) -> list[forms.BoundField]:
        """The text boxes of the outline's sections, in order."""
        return [self[f"muc_{key}"] for key, _ in self.sections]

    def setting_fields(self) -> list[forms.BoundField]:
        """The document settings' fields."""
        return [self[name] for name in self.Meta.fields]

    def save(self, commit: bool = True) -> ReportText:
        """Store the sections' texts with the settings."""
        text: ReportText = super().save(commit=False)
        # Sections the outline does not show keep what they held (a quarter has no assessment).
        kept = {key: value for key, value in (text.texts or {}).items() if key in {k for k, _ in SECTIONS}}
        kept.update({key: self.cleaned_data.get(f"muc_{key}", "").strip() for key, _ in self.sections})
        text.texts = kept
        if commit:
            text.save()
        return text
