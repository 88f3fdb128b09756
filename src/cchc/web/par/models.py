"""The PAR Index year (đợt đánh giá), each unit's self-assessment, its scores per criterion with their
appraisal, the survey results, and the append-only audit of scores and workflow steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cchc.web.org.models import OrgUnit
from cchc.web.registers.models import RegisterKind
from cchc.web.reporting.models import Channel, Status
from cchc.web.reports.models import UnitEvidence


class ParRound(models.Model):
    """The PAR Index of one year ("Chỉ số CCHC năm 2025"): open for self-assessment until its deadline,
    then appraised, then published."""

    year = models.PositiveSmallIntegerField("năm đánh giá", unique=True)
    self_deadline = models.DateField("hạn đơn vị gửi tự đánh giá")
    is_open = models.BooleanField("đang nhận tự đánh giá", default=True)
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)
    decision = models.CharField("số quyết định công bố", max_length=100, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "đợt đánh giá Chỉ số CCHC"
        verbose_name_plural = "đợt đánh giá Chỉ số CCHC"

    def __str__(self) -> str:
        return f"Chỉ số CCHC năm {self.year}"


class Assessment(models.Model):
    """One unit's self-assessment for a year, scored on the criteria set in force for its type, with the
    same workflow as a form (đang nhập → đã gửi → bị trả lại → đã duyệt) and an edit version."""

    round = models.ForeignKey(
        ParRound, on_delete=models.PROTECT, related_name="assessments", verbose_name="đợt"
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="assessments", verbose_name="đơn vị"
    )
    set_id = models.CharField("bộ tiêu chí", max_length=64)
    set_version = models.CharField("phiên bản bộ tiêu chí", max_length=32)
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("phiên bản", default=0)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)

    class Meta:
        unique_together = [("round", "unit")]
        ordering = ["round", "unit__order", "unit__name"]
        verbose_name = "tự đánh giá Chỉ số CCHC"
        verbose_name_plural = "tự đánh giá Chỉ số CCHC"

    def __str__(self) -> str:
        return f"{self.unit} — Chỉ số CCHC năm {self.round.year}"

    @property
    def editable(self) -> bool:
        """The unit scores itself while entering and after a return."""
        return self.status in (Status.DRAFT, Status.RETURNED)


class Score(models.Model):
    """One criterion of an assessment: the unit's own points (judgement criteria; computed ones are never
    stored, they follow the figures), its evidence, and the council's appraised points with a reason.

    `self_points` / `appraised_points` None with the matching `…_not_applicable` means "không áp dụng";
    `appraised_points` None without it means "not appraised": the self-assessment stands.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name="bản tự đánh giá"
    )
    code = models.CharField("tiêu chí", max_length=16)
    self_points = models.DecimalField("điểm tự chấm", max_digits=6, decimal_places=2, null=True, blank=True)
    self_not_applicable = models.BooleanField("đơn vị ghi không áp dụng", default=False)
    self_note = models.TextField("giải trình của đơn vị", blank=True)
    evidence = models.ManyToManyField(
        UnitEvidence, blank=True, related_name="par_scores", verbose_name="tài liệu kiểm chứng"
    )
    register = models.CharField("sổ theo dõi", max_length=16, choices=RegisterKind.choices, blank=True)
    register_item = models.PositiveIntegerField("mục trong sổ theo dõi", null=True, blank=True)
    appraised_points = models.DecimalField(
        "điểm thẩm định", max_digits=6, decimal_places=2, null=True, blank=True
    )
    appraised_not_applicable = models.BooleanField("thẩm định không áp dụng", default=False)
    appraisal_reason = models.TextField("lý do điều chỉnh", blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người thẩm định",
    )
    appraised_at = models.DateTimeField("thẩm định lúc", null=True, blank=True)

    class Meta:
        unique_together = [("assessment", "code")]
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"

    def __str__(self) -> str:
        return f"{self.assessment} · {self.code}"

    @property
    def appraised(self) -> bool:
        """Whether the council set its own score for the criterion."""
        return self.appraised_points is not None or self.appraised_not_applicable


class ScoreChange(models.Model):
    """Append-only audit of a criterion's score: who, when, self-assessment or appraisal, old → new, why."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="changes", verbose_name="bản tự đánh giá"
    )
    code = models.CharField("tiêu chí", max_length=16)
    stage = models.CharField(
        "bước", max_length=8, choices=[("self", "Tự đánh giá"), ("appraise", "Thẩm định")]
    )
    old_text = models.CharField("trước", max_length=255, blank=True)
    new_text = models.CharField("sau", max_length=255, blank=True)
    reason = models.TextField("lý do", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    channel = models.CharField("kênh nhập", max_length=8, choices=Channel.choices, default=Channel.WEB)
    request_id = models.CharField("mã yêu cầu", max_length=36, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "lịch sử điểm tiêu chí"
        verbose_name_plural = "lịch sử điểm tiêu chí"

    def __str__(self) -> str:
        return f"{self.assessment} · {self.code}: {self.old_text} → {self.new_text}"


class AssessmentEvent(models.Model):
    """Append-only record of a workflow step of a self-assessment (gửi, trả lại, duyệt, mở lại)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="events", verbose_name="bản tự đánh giá"
    )
    action = models.CharField("thao tác", max_length=16)
    from_status = models.CharField("từ trạng thái", max_length=12, choices=Status.choices)
    to_status = models.CharField("sang trạng thái", max_length=12, choices=Status.choices)
    comment = models.TextField("ý kiến", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    channel = models.CharField("kênh nhập", max_length=8, choices=Channel.choices, default=Channel.WEB)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "sự kiện duyệt tự đánh giá"
        verbose_name_plural = "sự kiện duyệt tự đánh giá"

    def __str__(self) -> str:
        return f"{self.assessment} · {self.get_from_status_display()} → {self.get_to_status_display()}"


class SurveyImport(models.Model):
    """A file of survey results imported for a year: its name, digest, who, when, how many rows."""

    round = models.ForeignKey(
        ParRound, on_delete=models.PROTECT, related_name="survey_imports", verbose_name="đợt"
    )
    name = models.CharField("tên tệp", max_length=200)
    sha256 = models.CharField("mã kiểm tra của tệp", max_length=64)
    rows = models.PositiveIntegerField("số dòng")
    imported_at = models.DateTimeField("nhập lúc", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người nhập",
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = "tệp kết quả điều tra xã hội học"
        verbose_name_plural = "tệp kết quả điều tra xã hội học"

    def __str__(self) -> str:
        return f"{self.name} ({self.imported_at:%d/%m/%Y %H:%M})"


class SurveyAnswer(models.Model):
    """The survey result of one unit for one question: respondents and satisfied answers."""

    round = models.ForeignKey(
        ParRound, on_delete=models.PROTECT, related_name="survey_answers", verbose_name="đợt"
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="survey_answers", verbose_name="đơn vị"
    )
    question = models.CharField("câu hỏi", max_length=32)
    respondents = models.PositiveIntegerField("số phiếu")
    satisfied = models.PositiveIntegerField("số phiếu hài lòng")
    source = models.ForeignKey(
        SurveyImport, null=True, on_delete=models.SET_NULL, related_name="answers", verbose_name="tệp đã nhập"
    )

    class Meta:
        unique_together = [("round", "unit", "question")]
        verbose_name = "kết quả điều tra"
        verbose_name_plural = "kết quả điều tra"

    def __str__(self) -> str:
        return f"{self.unit} · {self.question}: {self.satisfied}/{self.respondents}"
