"""The forms that check one register item, used by the pages and by every row of an Excel import alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from cchc.web.dates import typed_as_day_month_year
from cchc.web.org.models import OrgUnit
from cchc.web.registers.models import AssignedTask, Feedback, PlanTask, RegisterKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
INTEGER_MESSAGES = {
    "year": "Năm kế hoạch ghi bằng số, ví dụ 2023.",
    "due_quarter": "Hạn theo quý ghi 1, 2, 3, 4 hoặc I, II, III, IV.",
}


class UnitField(forms.ModelChoiceField):
    """The unit of an item; with `known` set (an import), looked up there instead of one query per line."""

    known: dict[str, OrgUnit] | None = None

    def to_python(self, value: Any) -> OrgUnit | None:
        """The unit chosen, among the field's units."""
        if self.known is None or value in self.empty_values:
            return super().to_python(value)
        unit = self.known.get(str(value))
        if unit is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return unit


class _ItemForm(forms.ModelForm):
    """Common rules: dates typed the Vietnamese way, the unit among those the user may edit."""

    def __init__(
        self,
        *args: Any,
        units: QuerySet[OrgUnit],
        owners: QuerySet[OrgUnit] | None = None,
        today: dt.date | None = None,
        known_units: dict[str, OrgUnit] | None = None,
        known_owners: dict[str, OrgUnit] | None = None,
        locked: frozenset[str] = frozenset(),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        unit_field = self.unit_field("unit")
        unit_field.queryset = units
        unit_field.known = known_units
        unit_field.error_messages["invalid_choice"] = (
            "Không có đơn vị này trong các đơn vị bạn được nhập sổ theo dõi."
        )
        if "owner" in self.fields:
            owner_field = self.unit_field("owner")
            owner_field.queryset = owners if owners is not None else units
            owner_field.known = known_owners
            owner_field.required = False
            owner_field.error_messages["invalid_choice"] = (
                "Không có đơn vị này trong các đơn vị (cấp tỉnh, sở, huyện) có kế hoạch bạn được nhập."
            )
        # Fields the user may not change here (`services.allowed_fields`): shown, never taken from the post.
        for name in locked:
            self.fields[name].disabled = True
        for name, form_field in self.fields.items():
            if isinstance(form_field, forms.DateField):
                # The message is said beside the field, or after the line and column of an import.
                typed_as_day_month_year(form_field, formats=DATE_FORMATS)
            form_field.error_messages["required"] = "Cần ghi mục này."
            if isinstance(form_field, forms.IntegerField):
                form_field.error_messages["invalid"] = INTEGER_MESSAGES.get(name, "Ghi một số nguyên.")
            if isinstance(form_field, forms.ChoiceField) and not isinstance(
                form_field, forms.ModelChoiceField
            ):
                choices: Any = form_field.choices
                labels = "; ".join(str(label) for value, label in choices if value != "")
                form_field.error_messages["invalid_choice"] = (
                    f"Không có lựa chọn «%(value)s»; ghi một trong: {labels}."
                )
            if name in ("title", "subject", "result", "note"):
                form_field.widget = forms.Textarea(attrs={"rows": 2})

    def unit_field(self, name: str) -> UnitField:
        """The form's field choosing a unit ("unit", "owner")."""
        field = self.fields[name]
        assert isinstance(field, UnitField), name
        return field

    def _get_validation_exclusions(self) -> set[str]:
        # The unit fields have already checked the unit against the user's units: no second query.
        return {*super()._get_validation_exclusions(), "unit", "owner"}  # type: ignore[misc]

    def _not_after_today(self, name: str) -> None:
        day = self.cleaned_data.get(name)
        if day is not None and day > self.today:
            self.add_error(name, f"Ngày {day:%d/%m/%Y} chưa đến; chỉ ghi ngày đã xảy ra.")

    def _not_before(self, name: str, other: str, what: str) -> None:
        day, start = self.cleaned_data.get(name), self.cleaned_data.get(other)
        if day is not None and start is not None and day < start:
            self.add_error(name, f"Ngày {day:%d/%m/%Y} trước {what} ({start:%d/%m/%Y}).")

    def _evidence_when_done(self, done: str) -> None:
        if self.cleaned_data.get(done) is None:
            return
        for name in ("evidence_number", "evidence_date"):
            if not self.cleaned_data.get(name):
                self.add_error(name, "Nhiệm vụ đã hoàn thành cần ghi số và ngày văn bản kết quả.")
        self._not_after_today("evidence_date")


class PlanTaskForm(_ItemForm):
    """A task of the year's CCHC plan."""

    class Meta:
        model = PlanTask
        field_classes = {"unit": UnitField, "owner": UnitField}
        fields = [
            "year",
            "number",
            "owner",
            "title",
            "unit",
            "due_date",
            "due_quarter",
            "completed_on",
            "evidence_number",
            "evidence_date",
            "note",
        ]

    def clean(self) -> dict[str, Any]:
        """Due date or quarter within the plan's year; evidence of a completion; no date in the future."""
        super().clean()
        data = self.cleaned_data
        if data.get("owner") is None and "owner" not in self.errors:
            # Left blank: the plan of the user's only unit with a plan, else the responsible unit's own.
            choices = self.unit_field("owner").queryset
            owners = list(choices[:2]) if choices is not None else []
            unit = data.get("unit")
            if len(owners) == 1:
                data["owner"] = owners[0]
            elif unit is not None and unit in owners:
                data["owner"] = unit
            elif unit is not None:
                self.add_error("owner", "Cần ghi «Kế hoạch của»: đơn vị có kế hoạch chứa nhiệm vụ này.")
        year, due, quarter = data.get("year"), data.get("due_date"), data.get("due_quarter")
        if year is not None and not 2000 <= year <= 2100:
            self.add_error("year", f"Năm kế hoạch {year} không hợp lệ.")
        if quarter is not None and quarter not in (1, 2, 3, 4):
            self.add_error("due_quarter", "Hạn theo quý là 1, 2, 3 hoặc 4.")
        if due is not None and quarter is not None:
            self.add_error("due_quarter", "Ghi hạn hoàn thành theo ngày hoặc theo quý, không ghi cả hai.")
        if due is not None and year is not None and due.year != year:
            self.add_error("due_date", f"Hạn {due:%d/%m/%Y} không thuộc năm kế hoạch {year}.")
        done = data.get("completed_on")
        if done is not None and year is not None and 2000 <= year <= 2100 and done < dt.date(year - 1, 1, 1):
            self.add_error("completed_on", f"Ngày hoàn thành {done:%d/%m/%Y} trước năm kế hoạch {year}.")
        self._not_after_today("completed_on")
        self._evidence_when_done("completed_on")
        return data


class AssignedTaskForm(_ItemForm):
    """A task assigned by the Government or the Prime Minister."""

    class Meta:
        model = AssignedTask
        field_classes = {"unit": UnitField}
        fields = [
            "issuer",
            "source_number",
            "assigned_on",
            "title",
            "unit",
            "deadline",
            "completed_on",
            "evidence_number",
            "evidence_date",
            "note",
        ]

    def clean(self) -> dict[str, Any]:
        """Dates in order (assigned ≤ deadline, assigned ≤ completed ≤ today); evidence of a completion."""
        super().clean()
        data = self.cleaned_data
        self._not_after_today("assigned_on")
        self._not_before("deadline", "assigned_on", "ngày văn bản giao")
        self._not_before("completed_on", "assigned_on", "ngày văn bản giao")
        self._not_before("evidence_date", "assigned_on", "ngày văn bản giao")
        self._not_after_today("completed_on")
        self._evidence_when_done("completed_on")
        return data


class FeedbackForm(_ItemForm):
    """A feedback item (PAKN)."""

    class Meta:
        model = Feedback
        field_classes = {"unit": UnitField}
        fields = ["received_on", "via", "subject", "procedure", "unit", "due_on", "handled_on", "result"]

    def clean(self) -> dict[str, Any]:
        """Dates in order (received ≤ due, received ≤ handled ≤ today); a handled item states its result."""
        super().clean()
        data = self.cleaned_data
        self._not_after_today("received_on")
        self._not_before("due_on", "received_on", "ngày tiếp nhận")
        self._not_before("handled_on", "received_on", "ngày tiếp nhận")
        self._not_after_today("handled_on")
        if data.get("handled_on") is not None and not data.get("result"):
            self.add_error("result", "PAKN đã xử lý xong cần ghi kết quả xử lý.")
        return data


FORMS: dict[str, type[_ItemForm]] = {
    RegisterKind.PLAN: PlanTaskForm,
    RegisterKind.ASSIGNED: AssignedTaskForm,
    RegisterKind.FEEDBACK: FeedbackForm,
}
