"""The texts the province writes for a period's report and the document's settings, and the units' own
reports (Word files they send with their forms)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cchc.documents.writer.data import DEFAULT_RECIPIENTS
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod

# A BC-UBND is issued by the committee, a collective: a vice-chairman signs "TM. ỦY BAN NHÂN DÂN / KT. CHỦ
# TỊCH" (Nghị định 30/2020, Phụ lục I), the usual case, so it comes first and is the default.
SIGNER_MODES = [
    ("TM-KT", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH (phó chủ tịch ký thay chủ tịch)"),
    ("TM", "TM. ỦY BAN NHÂN DÂN (chủ tịch ký)"),
    ("KT", "KT. CHỦ TỊCH, không có TM. (chỉ văn bản của chủ tịch, không phải báo cáo của UBND)"),
    ("", "Không ghi"),
]


def default_recipients() -> str:
    """The usual Nơi nhận of a provincial CCHC report, one per line."""
    return "\n".join(DEFAULT_RECIPIENTS)


class ReportText(models.Model):
    """Báo cáo của kỳ: the province's paragraphs per section of the outline and the document settings."""

    period = models.OneToOneField(
        ReportingPeriod, on_delete=models.CASCADE, related_name="report_text", verbose_name="kỳ báo cáo"
    )
    texts = models.JSONField("nội dung theo mục", default=dict, blank=True)
    number = models.CharField("số hiệu", max_length=40, blank=True)
    place = models.CharField("địa danh", max_length=80, blank=True)
    date = models.DateField("ngày ban hành", null=True, blank=True)
    signer_mode = models.CharField(
        "thẩm quyền ký", max_length=5, choices=SIGNER_MODES, default="TM-KT", blank=True
    )
    signer_title = models.CharField("chức vụ người ký", max_length=80, default="PHÓ CHỦ TỊCH", blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=120, blank=True)
    recipients = models.TextField("nơi nhận (mỗi dòng một nơi)", default=default_recipients, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="người cập nhật",
    )

    class Meta:
        verbose_name = "nội dung báo cáo của kỳ"
        verbose_name_plural = "nội dung báo cáo của kỳ"

    def __str__(self) -> str:
        return f"Báo cáo {self.period.label}"


class UnitReport(models.Model):
    """A unit's own narrative report for a period (.docx), as it sent it: every upload is kept, the newest
    is the one read; what `cchc check` found in it against the unit's own forms is stored with it."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="reports", verbose_name="đơn vị")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="unit_reports", verbose_name="kỳ báo cáo"
    )
    name = models.CharField("tên tệp", max_length=200)
    content = models.BinaryField("nội dung")
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã kiểm tra của tệp", max_length=64)
    findings = models.JSONField("kết quả kiểm tra", default=list, blank=True)
    # The digest of the unit's figures the findings were checked against (`unit_reports.figures_digest`):
    # when the forms change, the report is read again before its result is shown.
    checked_figures = models.CharField("phiên bản số liệu đã đối chiếu", max_length=64, blank=True)
    issuer = models.CharField("đơn vị ghi ở tiêu đề", max_length=255, blank=True)
    # How many of the forms' rows a figure of the report was compared with: none means the check read
    # nothing it could compare, which is not an all-clear (None: checked before this was counted).
    compared = models.PositiveIntegerField("số chỉ tiêu đã đối chiếu", null=True, blank=True)
    uploaded_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người gửi",
    )
    returned_at = models.DateTimeField("trả lại lúc", null=True, blank=True)
    return_comment = models.TextField("lý do trả lại", blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "báo cáo của đơn vị"
        verbose_name_plural = "báo cáo của đơn vị"

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · {self.name}"

    @property
    def errors(self) -> int:
        """How many errors the check found."""
        return sum(1 for finding in self.findings if finding.get("severity") == "error")

    @property
    def warnings(self) -> int:
        """How many warnings the check found."""
        return sum(1 for finding in self.findings if finding.get("severity") == "warning")


class UnitEvidence(models.Model):
    """A file a unit sends as evidence with its report (tài liệu kiểm chứng: a decision, a plan, a scan),
    kept as sent and offered for download only, never opened by cchc."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="evidence", verbose_name="đơn vị"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="unit_evidence", verbose_name="kỳ báo cáo"
    )
    name = models.CharField("tên tệp", max_length=200)
    content = models.BinaryField("nội dung")
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã kiểm tra của tệp", max_length=64)
    uploaded_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người gửi",
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "tài liệu kiểm chứng của đơn vị"
        verbose_name_plural = "tài liệu kiểm chứng của đơn vị"

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · {self.name}"


class DownloadConfirmation(models.Model):
    """Append-only record of a province report downloaded while its period still had errors: who
    confirmed, when, which file, and the errors they were shown."""

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="download_confirmations",
        verbose_name="kỳ báo cáo",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người xác nhận",
    )
    at = models.DateTimeField("xác nhận lúc", auto_now_add=True, db_index=True)
    file_format = models.CharField("định dạng", max_length=4)
    approved_only = models.BooleanField("chỉ số liệu đã duyệt", default=False)
    errors = models.PositiveIntegerField("số lỗi")
    messages = models.JSONField("các lỗi", default=list)
    request_id = models.CharField("mã yêu cầu", max_length=36, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "xác nhận tải báo cáo còn lỗi"
        verbose_name_plural = "xác nhận tải báo cáo còn lỗi"

    def __str__(self) -> str:
        return f"{self.period} · {self.file_format} · {self.errors} lỗi"
