"""Request and response shapes of the API; figures travel as exact decimal strings ("96.60"), never floats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from cchc.core.indicators import Figure
from cchc.core.numbers import Cell

StatusName = Literal["draft", "submitted", "returned", "approved"]
CellKindName = Literal["number", "dash", "blank", "text"]
ActionName = Literal["submit", "return", "approve", "reopen"]


def decimal_text(number: Decimal | None) -> str | None:
    """A Decimal as exact plain text ("1250", "96.60"), without exponent notation; None stays None."""
    return None if number is None else format(number, "f")


class OptionOut(Schema):
    """One allowed code of a coded row, e.g. 1 = "Có"."""

    value: int
    label: str


class RowOut(Schema):
    """One row (chỉ tiêu) of a form in the catalogue."""

    code: str = Field(examples=["BM3-3.1.2"])
    stt: str
    name: str
    unit: str
    kind: str
    decimals: int
    formula: str | None = Field(None, description="Công thức (mã chỉ tiêu) nếu là dòng tự tính")
    aggregation: str
    cumulative: bool
    time: str = Field(
        examples=["flow"],
        description=(
            "Theo thời gian: flow (cộng dồn trong kỳ), stock (tại thời điểm chốt), cumulative (lũy kế "
            "từ đầu năm), rate (tỷ lệ tính lại từ tử số và mẫu số)"
        ),
    )
    levels: list[str]
    parent: str | None
    options: list[OptionOut]


class FormOut(Schema):
    """One Biểu mẫu of the catalogue with its rows in printed order."""

    number: int
    title: str
    rows: list[RowOut]


class CatalogueOut(Schema):
    """The template: its identity and forms."""

    id: str
    version: str
    title: str
    source: str
    forms: list[FormOut]


class UnitOut(Schema):
    """A reporting unit the caller may see."""

    code: str
    name: str
    short_name: str
    level: str
    parent: str | None
    valid_from: dt.date
    valid_to: dt.date | None


class PeriodOut(Schema):
    """A reporting period with its cut-off window and deadlines."""

    code: str
    label: str
    template: str
    window_start: dt.date
    window_end: dt.date
    unit_deadline: dt.date
    deadline: dt.date
    is_open: bool


class FigureOut(Schema):
    """A named indicator's figure, or one of its levels': exact decimal strings, null when there is none."""

    code: str = Field(examples=["NT-3"])
    value: str | None = Field(None, examples=["97.82"])
    numerator: str | None = Field(None, description="Tử số của tỷ lệ (ví dụ số hồ sơ đúng hạn)")
    denominator: str | None = Field(None, description="Mẫu số của tỷ lệ (ví dụ số hồ sơ đã giải quyết)")

    @classmethod
    def of(cls, figure: Figure) -> FigureOut:
        """The schema of a core figure."""
        return cls(
            code=figure.code,
            value=decimal_text(figure.value),
            numerator=decimal_text(figure.numerator),
            denominator=decimal_text(figure.denominator),
        )


class IndicatorOut(Schema):
    """A named indicator of the catalogue (indicators.toml), as the dashboard and the report show it."""

    name: str = Field(examples=["dung-han"])
    label: str
    figure: FigureOut
    levels: list[FigureOut] = Field(description="Tỷ lệ của từng cấp hợp thành (nếu có), theo thứ tự")


class CellOut(Schema):
    """A figure: its kind (number, "-", blank, text), its text as written and its exact number."""

    kind: CellKindName
    text: str
    number: str | None = Field(None, description="Số thập phân chính xác dạng chuỗi, ví dụ «96.60»")

    @classmethod
    def of(cls, cell: Cell) -> CellOut:
        """The schema of a core cell."""
        return cls(kind=cell.kind.value, text=cell.text, number=decimal_text(cell.number))


class ValueOut(Schema):
    """One row's value in a unit's form; computed rows are filled from the formula and flagged."""

    code: str
    stt: str
    kind: CellKindName
    text: str
    number: str | None
    note: str
    computed: bool


class FindingOut(Schema):
    """A problem found in the figures: rule, severity, Vietnamese message, rows, expected and actual."""

    unit: str | None = Field(None, description="Mã đơn vị; null là số liệu tổng hợp của tỉnh")
    rule: str
    severity: Literal["error", "warning", "info"]
    message: str
    form: int | None
    codes: list[str]
    expected: str | None
    actual: str | None


class FormValuesOut(Schema):
    """A unit's form for a period: workflow status, edit version, values and the form's findings."""

    period: str
    unit: str
    form: int
    status: StatusName
    status_label: str
    version: int
    editable: bool = Field(description="Người gọi có thể sửa số liệu lúc này")
    actions: list[ActionName] = Field(description="Các bước duyệt người gọi được làm lúc này")
    values: list[ValueOut]
    findings: list[FindingOut]


class SavedOut(FormValuesOut):
    """The form after a save, with how many cells changed."""

    changed: int


class ValueIn(Schema):
    """One typed cell: the text as a person would type it ("1.250", "96,60", "-", "" or "0")."""

    code: str = Field(examples=["BM3-3.1.1"], max_length=32)
    text: str = Field("", max_length=255)
    note: str | None = Field(None, description="Ghi chú; null giữ nguyên ghi chú đang có", max_length=1000)


class ValuesIn(Schema):
    """A save: the version the caller read (concurrent saves never overwrite) and the cells to write."""

    version: int = Field(
        ..., ge=0, description="Phiên bản đã đọc (0 cho biểu mẫu chưa có); khác phiên bản hiện tại → 409"
    )
    values: list[ValueIn]


class TransitionIn(Schema):
    """A workflow step and its comment (required to return or reopen)."""

    action: ActionName
    comment: str = Field("", max_length=5000)


class SubmissionOut(Schema):
    """Where a unit's form stands: status, version, when it was sent and approved, and whether on time."""

    unit: str
    unit_name: str
    form: int
    status: StatusName
    status_label: str
    version: int
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    on_time: bool | None = Field(description="Gửi trước hạn đơn vị (null khi chưa gửi)")


class EventOut(Schema):
    """A workflow step taken on a unit's form, with its comment."""

    unit: str
    form: int
    action: str
    from_status: StatusName
    to_status: StatusName
    comment: str
    user: str | None
    at: dt.datetime
    channel: str


class ChangeOut(Schema):
    """One audited change of a cell: old → new text and note, who, when, how, in which request."""

    code: str
    old_text: str
    new_text: str
    old_note: str
    new_note: str
    user: str | None
    at: dt.datetime
    channel: str
    request_id: str


class TokenIn(Schema):
    """A name to recognise the new token by."""

    name: str = Field("", max_length=100)


class TokenOut(Schema):
    """A new token: the key is shown this once only."""

    key: str
    prefix: str
    name: str
    expires_at: dt.datetime = Field(description="Hết hạn lúc; sau đó khóa trả 401, cần tạo khóa mới")
