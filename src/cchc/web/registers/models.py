"""The registers (sổ theo dõi) behind some rows of the forms, and the append-only audit of their changes.

Statuses are never stored: they are read from the dates (`counting.task_status`), so a status can never
contradict the dates it is shown beside.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Length

from cchc.web.org.models import OrgUnit
from cchc.web.registers.counting import TaskStatus, quarter_end, task_status
from cchc.web.reporting.models import Channel


class RegisterKind(models.TextChoices):
    """Which register an item or a change belongs to; the value is its address on the site."""

    PLAN = "ke-hoach", "Nhiệm vụ Kế hoạch CCHC"
    ASSIGNED = "nhiem-vu-giao", "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao"
    FEEDBACK = "pakn", "Phản ánh, kiến nghị (PAKN)"


class PlanTask(models.Model):
    """A task of one unit's CCHC plan of the year ("kế hoạch của"), with the unit responsible for it.

    The plan's owner (UBND tỉnh, a department, a district) is the unit whose BM1 2.1/2.2 count the
    task; the responsible unit only carries it out. A task without an owner is its unit's own.
    """

    year = models.PositiveSmallIntegerField("năm kế hoạch")
    number = models.CharField("số thứ tự trong kế hoạch", max_length=20, blank=True)
    owner = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name="kế hoạch của",
        null=True,
    )
    title = models.CharField("nội dung nhiệm vụ", max_length=1000)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="plan_tasks", verbose_name="đơn vị chủ trì"
    )
    due_date = models.DateField("hạn hoàn thành", null=True, blank=True)
    due_quarter = models.PositiveSmallIntegerField("hạn theo quý", null=True, blank=True)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    evidence_number = models.CharField("số văn bản kết quả", max_length=100, blank=True)
    evidence_date = models.DateField("ngày văn bản kết quả", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=1000, blank=True)
    confirmed_at = models.DateTimeField("xác nhận hoàn thành lúc", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người xác nhận",
    )

    class Meta:
        # Numbered tasks in their number's order (1, 2, … 10, not 1, 10, 2): shorter numbers first.
        ordering = ["year", Length("number"), "number", "id"]
        verbose_name = "nhiệm vụ Kế hoạch CCHC"
        verbose_name_plural = "nhiệm vụ Kế hoạch CCHC"

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a task given no plan owner belongs to its responsible unit's own plan."""
        if self.owner_id is None:
            self.owner_id = self.unit_id
        super().save(*args, **kwargs)

    @property
    def summary(self) -> str:
        """What the item is about, in one line."""
        return self.title

    @property
    def deadline(self) -> dt.date:
        """The due date: the date given, else the end of the quarter given, else the end of the year."""
        if self.due_date is not None:
            return self.due_date
        if self.due_quarter:
            return quarter_end(self.year, self.due_quarter)
        return dt.date(self.year, 12, 31)

    @property
    def due_label(self) -> str:
        """The due date as the plan writes it: "31/03/2023", "Quý II" or "Cả năm"."""
        if self.due_date is not None:
            return self.due_date.strftime("%d/%m/%Y")
        if self.due_quarter:
            return f"Quý {['I', 'II', 'III', 'IV'][self.due_quarter - 1]}"
        return "Cả năm"

    def status_on(self, day: dt.date) -> TaskStatus:
        """The status on `day`, from the dates."""
        return task_status(self.deadline, self.completed_on, day)

    def status_label_on(self, day: dt.date) -> str:
        """The status on `day` in Vietnamese."""
        return self.status_on(day).value


class AssignedTask(models.Model):
    """A task assigned to the province by the Government or the Prime Minister, followed by a unit."""

    class Issuer(models.TextChoices):
        """Who assigned the task."""

        GOVERNMENT = "cp", "Chính phủ"
        PRIME_MINISTER = "ttg", "Thủ tướng Chính phủ"

    issuer = models.CharField("cơ quan giao", max_length=4, choices=Issuer.choices, default=Issuer.GOVERNMENT)
    source_number = models.CharField("số, ký hiệu văn bản giao", max_length=100)
    assigned_on = models.DateField("ngày văn bản giao")
    title = models.CharField("nội dung nhiệm vụ", max_length=1000)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="assigned_tasks", verbose_name="đơn vị chủ trì"
    )
    deadline = models.DateField("thời hạn", null=True, blank=True)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    evidence_number = models.CharField("số văn bản kết quả", max_length=100, blank=True)
    evidence_date = models.DateField("ngày văn bản kết quả", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=1000, blank=True)

    class Meta:
        ordering = ["assigned_on", "id"]
        verbose_name = "nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao"
        verbose_name_plural = "nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao"

    def __str__(self) -> str:
        return f"{self.source_number}: {self.title}"

    @property
    def summary(self) -> str:
        """What the item is about, in one line."""
        return self.title

    @property
    def due_label(self) -> str:
        """The deadline, or "Thường xuyên" for a task without one."""
        return self.deadline.strftime("%d/%m/%Y") if self.deadline else "Thường xuyên"

    def status_on(self, day: dt.date) -> TaskStatus:
        """The status on `day`, from the dates."""
        return task_status(self.deadline, self.completed_on, day)

    def status_label_on(self, day: dt.date) -> str:
        """The status on `day` in Vietnamese."""
        return self.status_on(day).value


class Feedback(models.Model):
    """A citizen's or organisation's feedback on administrative rules (phản ánh, kiến nghị — PAKN)."""

    class Via(models.TextChoices):
        """How the feedback came in."""

        SYSTEM = "he-thong", "Hệ thống phản ánh, kiến nghị"
        PORTAL = "cong-dvc", "Cổng Dịch vụ công"
        DIRECT = "truc-tiep", "Trực tiếp"
        POST = "buu-chinh", "Bưu chính"
        PHONE = "dien-thoai", "Điện thoại, đường dây nóng"
        FORWARDED = "chuyen-den", "Cơ quan có thẩm quyền chuyển đến"

    received_on = models.DateField("ngày tiếp nhận")
    via = models.CharField("kênh tiếp nhận", max_length=12, choices=Via.choices, default=Via.SYSTEM)
    subject = models.CharField("nội dung phản ánh, kiến nghị", max_length=1000)
    procedure = models.CharField("thủ tục hành chính liên quan", max_length=500, blank=True)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="feedback", verbose_name="đơn vị xử lý"
    )
    due_on = models.DateField("hạn xử lý")
    handled_on = models.DateField("ngày xử lý xong", null=True, blank=True)
    result = models.CharField("kết quả xử lý", max_length=1000, blank=True)

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"

    def __str__(self) -> str:
        return self.subject

    @property
    def summary(self) -> str:
        """What the item is about, in one line."""
        return self.subject

    @property
    def deadline(self) -> dt.date:
        """The due date (hạn xử lý)."""
        return self.due_on

    @property
    def completed_on(self) -> dt.date | None:
        """The handled date, under the name the task registers use."""
        return self.handled_on

    @property
    def due_label(self) -> str:
        """The due date as text."""
        return self.due_on.strftime("%d/%m/%Y")

    def status_on(self, day: dt.date) -> TaskStatus:
        """The status on `day`, from the dates (handled on time, late, overdue, not yet due)."""
        return task_status(self.due_on, self.handled_on, day)

    def status_label_on(self, day: dt.date) -> str:
        """The status on `day` in the words of feedback ("Đã xử lý đúng hạn")."""
        return self.status_on(day).feedback_label


class RegisterChange(models.Model):
    """Append-only audit of a register: one field of one item, old → new, who, when, channel, request."""

    register = models.CharField("sổ theo dõi", max_length=16, choices=RegisterKind.choices)
    item_id = models.PositiveIntegerField("số hiệu mục")
    action = models.CharField("thao tác", max_length=12)
    field = models.CharField("nội dung", max_length=40, blank=True)
    old_text = models.CharField("trước", max_length=1000, blank=True)
    new_text = models.CharField("sau", max_length=1000, blank=True)
    unit = models.ForeignKey(
        OrgUnit, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="đơn vị"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người thực hiện",
    )
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    channel = models.CharField("kênh nhập", max_length=8, choices=Channel.choices)
    request_id = models.CharField("mã yêu cầu", max_length=36, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["register", "item_id"])]
        verbose_name = "lịch sử thay đổi sổ theo dõi"
        verbose_name_plural = "lịch sử thay đổi sổ theo dõi"

    def __str__(self) -> str:
        return f"{self.get_register_display()} · mục {self.item_id} · {self.at:%d/%m/%Y %H:%M}"
