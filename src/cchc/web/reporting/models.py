"""Periods, a unit's form for a period (submission), its values, and the append-only audit tables."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from cchc.catalogues import DEFAULT_TEMPLATE
from cchc.core.numbers import Cell, CellKind
from cchc.core.periods import Period, parse_period
from cchc.web.org.models import OrgUnit


class ReportingPeriod(models.Model):
    """A reporting period ("kỳ báo cáo") with its cut-off window and deadlines (from schedule.toml)."""

    code = models.CharField("mã kỳ", max_length=8, unique=True)
    template = models.CharField("mẫu biểu", max_length=32, default=DEFAULT_TEMPLATE)
    window_start = models.DateField("chốt số liệu từ ngày")
    window_end = models.DateField("chốt số liệu đến ngày")
    unit_deadline = models.DateField("hạn đơn vị gửi Sở Nội vụ")
    deadline = models.DateField("hạn gửi Bộ Nội vụ")
    is_open = models.BooleanField("đang nhận báo cáo", default=True)

    class Meta:
        ordering = ["-window_end", "code"]
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"

    def __str__(self) -> str:
        return self.label

    @property
    def period(self) -> Period:
        """The core's Period."""
        return parse_period(self.code)

    @property
    def label(self) -> str:
        """ "Quý I năm 2023"."""
        label = self.period.label
        return label[0].upper() + label[1:]


class Status(models.TextChoices):
    """Where a unit's form stands in the review workflow."""

    DRAFT = "draft", "Đang nhập"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    APPROVED = "approved", "Đã duyệt"


class Channel(models.TextChoices):
    """How a change came in."""

    WEB = "web", "Nhập trên web"
    EXCEL = "excel", "Tải lên Excel"
    API = "api", "API"
    DEMO = "demo", "Dữ liệu mẫu"
    SYSTEM = "system", "Hệ thống"
    REGISTER = "register", "Sổ theo dõi"
    DOSSIER = "dossier", "Hồ sơ TTHC"


class Submission(models.Model):
    """One unit's Biểu mẫu for one period, with its workflow status and an edit version."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="submissions", verbose_name="đơn vị"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="submissions", verbose_name="kỳ báo cáo"
    )
    form = models.PositiveSmallIntegerField("biểu mẫu")
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Bumped by every save; a save that started from an older version is refused, never merged silently.
    version = models.PositiveIntegerField("phiên bản", default=0)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)

    class Meta:
        unique_together = [("unit", "period", "form")]
        ordering = ["period", "unit__order", "unit__name", "form"]
        verbose_name = "biểu mẫu của đơn vị"
        verbose_name_plural = "biểu mẫu của đơn vị"

    def __str__(self) -> str:
        return f"{self.unit} — Biểu mẫu {self.form} — {self.period.code}"

    @property
    def editable(self) -> bool:
        """Values can change only while the unit is entering them or after a return."""
        return self.status in (Status.DRAFT, Status.RETURNED)


class Value(models.Model):
    """One cell of a submission: a number, "-", blank (with a note) or text, and its note (Ghi chú)."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="values", verbose_name="biểu mẫu của đơn vị"
    )
    code = models.CharField("mã chỉ tiêu", max_length=32)
    kind = models.CharField("loại giá trị", max_length=8, choices=[(k.value, k.value) for k in CellKind])
    number = models.DecimalField("số", max_digits=24, decimal_places=6, null=True, blank=True)
    text = models.CharField("nội dung", max_length=255, blank=True)
    note = models.CharField("ghi chú", max_length=1000, blank=True)
    source = models.CharField("nguồn", max_length=120, blank=True)

    class Meta:
        unique_together = [("submission", "code")]
        verbose_name = "số liệu"
        verbose_name_plural = "số liệu"

    def __str__(self) -> str:
        return f"{self.code} = {self.text}"

    @property
    def cell(self) -> Cell:
        """The core's Cell."""
        return stored_cell(self.kind, self.number, self.text)


def stored_cell(kind: str, number: Decimal | None, text: str) -> Cell:
    """A stored value as the core's Cell: the column's trailing zeros dropped (1250.000000 → 1250)."""
    if number is not None:
        number = Decimal(number).normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    return Cell(CellKind(kind), number, text)


class ValueChange(models.Model):
    """Append-only audit of one cell: who, when, old → new, through which channel, in which request."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="changes", verbose_name="biểu mẫu của đơn vị"
    )
    code = models.CharField("mã chỉ tiêu", max_length=32)
    old_text = models.CharField("trước", max_length=255, blank=True)
    new_text = models.CharField("sau", max_length=255, blank=True)
    old_note = models.CharField("ghi chú trước", max_length=1000, blank=True)
    new_note = models.CharField("ghi chú sau", max_length=1000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="người thực hiện"
    )
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    channel = models.CharField("kênh nhập", max_length=8, choices=Channel.choices)
    request_id = models.CharField("mã yêu cầu", max_length=36, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["submission", "code"])]
        verbose_name = "lịch sử thay đổi số liệu"
        verbose_name_plural = "lịch sử thay đổi số liệu"

    def __str__(self) -> str:
        return f"{self.submission} · {self.code}: {self.old_text} → {self.new_text}"


class WorkflowEvent(models.Model):
    """Append-only record of a workflow step (gửi, trả lại, duyệt, mở lại) with its comment."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events", verbose_name="biểu mẫu của đơn vị"
    )
    action = models.CharField("thao tác", max_length=16)
    from_status = models.CharField("từ trạng thái", max_length=12, choices=Status.choices)
    to_status = models.CharField("sang trạng thái", max_length=12, choices=Status.choices)
    comment = models.TextField("ý kiến", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="người thực hiện"
    )
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    channel = models.CharField("kênh nhập", max_length=8, choices=Channel.choices, default=Channel.WEB)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "sự kiện duyệt"
        verbose_name_plural = "sự kiện duyệt"

    def __str__(self) -> str:
        return f"{self.submission} · {self.get_from_status_display()} → {self.get_to_status_display()}"


class FiguresStamp(models.Model):
    """The version of a period's figures (phiên bản số liệu): bumped by `stamps.figures_changed` whenever
    something a computed figure reads changes, so that figures kept elsewhere (the dashboard's) know,
    in every server process, when they are out of date."""

    period = models.OneToOneField(
        ReportingPeriod,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="figures_stamp",
        verbose_name="kỳ báo cáo",
    )
    version = models.PositiveBigIntegerField("phiên bản", default=0)

    class Meta:
        verbose_name = "phiên bản số liệu của kỳ"
        verbose_name_plural = "phiên bản số liệu của kỳ"

    def __str__(self) -> str:
        return f"{self.period} · phiên bản {self.version}"
