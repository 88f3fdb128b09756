"""Reporting units versioned by date, and which user reports for which unit."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cchc.core.catalogue import Level

LEVEL_CHOICES = [
    (Level.TINH.value, "Cấp tỉnh"),
    (Level.SO.value, "Sở, ban, ngành"),
    (Level.HUYEN.value, "UBND cấp huyện"),
    (Level.XA.value, "UBND cấp xã"),
]
# A unit's start when the province recorded none: it has always existed.
ALWAYS = dt.date(2000, 1, 1)


class Confidence(models.TextChoices):
    """How sure the province is of a unit's facts (name, dates, predecessors) as recorded."""

    CONFIRMED = "confirmed", "Đã xác nhận"
    SECONDARY = "secondary", "Nguồn thứ cấp, cần kiểm tra"
    INFERRED = "inferred", "Suy luận, cần kiểm tra"


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    """Queries over the organisation tree."""

    def active_on(self, day: dt.date) -> OrgUnitQuerySet:
        """Units that existed on `day` (valid_from ≤ day and, if set, day ≤ valid_to)."""
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class OrgUnit(models.Model):
    """A reporting unit ("đơn vị báo cáo"): the province, a department, a district or a commune."""

    code = models.SlugField("mã", max_length=64, unique=True)
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=120, blank=True)
    level = models.CharField("cấp", max_length=8, choices=LEVEL_CHOICES)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField("hiệu lực từ", default=ALWAYS)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    # The units it was formed from (a commune from several old ones, a department from a merger): figures
    # compare across the reorganisation unit by unit where this is known, by level and province always.
    predecessors = models.ManyToManyField(
        "self", verbose_name="đơn vị tiền thân", symmetrical=False, related_name="successors", blank=True
    )
    confidence = models.CharField("độ tin cậy", max_length=16, choices=Confidence.choices, blank=True)
    note = models.TextField("ghi chú", blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"

    def __str__(self) -> str:
        return self.name

    @property
    def level_enum(self) -> Level:
        """The level as the core's enum."""
        return Level(self.level)

    @property
    def label(self) -> str:
        """The short name when there is one."""
        return self.short_name or self.name

    @property
    def dated_name(self) -> str:
        """The name with the unit's time when it did not always exist, so that a department before and
        after a merger are told apart in a list: «Sở Xây dựng (đến 28/02/2025)», «Sở Xây dựng (từ
        01/03/2025)»."""
        if self.valid_to is not None:
            return f"{self.name} (đến {self.valid_to:%d/%m/%Y})"
        if self.valid_from > ALWAYS:
            return f"{self.name} (từ {self.valid_from:%d/%m/%Y})"
        return self.name


class Assignment(models.Model):
    """A user reports for (or, as a reviewer, enters the province's own figures of) a unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name="người dùng",
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="assignments", verbose_name="đơn vị"
    )

    class Meta:
        unique_together = [("user", "unit")]
        verbose_name = "phân công đơn vị"
        verbose_name_plural = "phân công đơn vị"

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"


class ApiToken(models.Model):
    """A token for the REST API ("Authorization: Bearer …"); only its SHA-256 is stored.

    It works until `expires_at` (CCHC_API_TOKEN_DAYS after it was made) or until its owner revokes it;
    a revoked token stays as a record of who revoked it and when.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="người dùng",
    )
    name = models.CharField("tên", max_length=100, blank=True)
    key_hash = models.CharField("mã băm của khóa", max_length=64, unique=True)
    prefix = models.CharField("đầu khóa", max_length=8)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}…"

    @property
    def expired(self) -> bool:
        """Whether the token's lifetime is over."""
        return self.expires_at <= timezone.now()


class LoginFailure(models.Model):
    """A wrong password ("lần đăng nhập sai"): the account name tried, the client address and when."""

    username = models.CharField("tên đăng nhập", max_length=150)
    address = models.CharField("địa chỉ", max_length=45)
    failed_at = models.DateTimeField("thời điểm", db_index=True)

    class Meta:
        ordering = ["-failed_at"]
        indexes = [
            models.Index(fields=["username", "failed_at"], name="org_loginfailure_user_idx"),
            models.Index(fields=["address", "failed_at"], name="org_loginfailure_addr_idx"),
        ]
        verbose_name = "lần đăng nhập sai"
        verbose_name_plural = "lần đăng nhập sai"

    def __str__(self) -> str:
        return f"{self.username} · {self.address} · {self.failed_at:%d/%m/%Y %H:%M}"


class AccountChange(models.Model):
    """Append-only audit of an account ("lịch sử tài khoản"): who changed whose role, units, state or
    password, when, from what to what, in which request."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="account_changes",
    )
    field = models.CharField("nội dung", max_length=32)
    old_text = models.CharField("trước", max_length=1000, blank=True)
    new_text = models.CharField("sau", max_length=1000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    request_id = models.CharField("mã yêu cầu", max_length=36, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "lịch sử tài khoản"
        verbose_name_plural = "lịch sử tài khoản"

    def __str__(self) -> str:
        return f"{self.account} · {self.field}: {self.old_text} → {self.new_text}"


class ReminderSent(models.Model):
    """A deadline reminder e-mailed to a user ("thư nhắc hạn"): at most one a day, what it listed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    day = models.DateField("ngày gửi")
    sent_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    address = models.CharField("địa chỉ thư", max_length=254)
    summary = models.TextField("nội dung nhắc")

    class Meta:
        ordering = ["-day", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="org_reminder_one_a_day")]
        verbose_name = "thư nhắc hạn đã gửi"
        verbose_name_plural = "thư nhắc hạn đã gửi"

    def __str__(self) -> str:
        return f"{self.user} · {self.day:%d/%m/%Y}"
