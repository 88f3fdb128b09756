"""One import of one-stop dossier files for a period: its progress, its stored file and its results."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.db import models

from cchc.dossiers import available_mappings, load_mapping
from cchc.web.reporting.models import ReportingPeriod


@functools.cache
def mapping_label(name: str) -> str:
    """What the pages call a shipped column mapping ("mot-cua" → "Một cửa điện tử"); others as named."""
    return load_mapping(name).label if name in available_mappings() else name


class ImportStatus(models.TextChoices):
    """Where an import stands."""

    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang xử lý"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Không nhập được"


class CalendarVersion(models.Model):
    """A working-day calendar Sở Nội vụ uploaded (lịch ngày làm việc); the latest one is in force.

    Every version is kept: an import names the version it was computed with, so its figures and its
    drill-downs stay the same when a later version comes into force.
    """

    text = models.TextField("nội dung (TOML)")
    file_name = models.CharField("tên tệp", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="người tải lên"
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "lịch ngày làm việc"
        verbose_name_plural = "các phiên bản lịch ngày làm việc"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.uploaded_at:%d/%m/%Y %H:%M})"


class DossierImport(models.Model):
    """Dossier files of one one-stop system imported for a period ("nhập hồ sơ TTHC").

    An import replaces the earlier imports of the same system; the latest finished import feeds the
    forms, with the figures of every system's latest import.
    """

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="dossier_imports", verbose_name="kỳ báo cáo"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="người nhập"
    )
    created_at = models.DateTimeField("nhập lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    file_names = models.TextField("tệp")
    mapping = models.CharField("bảng ánh xạ cột", max_length=64)
    # The one-stop system the files come from (hệ thống một cửa); the mapping's name unless named.
    system = models.CharField("hệ thống một cửa", max_length=100)
    status = models.CharField(
        "trạng thái", max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    stage = models.CharField("bước", max_length=120, blank=True)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    rows = models.PositiveIntegerField("số hồ sơ", default=0)
    problems = models.JSONField("lỗi", default=list, blank=True)
    results = models.JSONField("kết quả", default=dict, blank=True)
    written = models.PositiveIntegerField("số ô đã ghi vào biểu mẫu", default=0)
    notices = models.JSONField("lưu ý khi ghi vào biểu mẫu", default=list, blank=True)
    # The imports whose files the figures were computed from: this one and, for each other one-stop
    # system, its latest import of the period at the time.
    sources = models.JSONField("các lần nhập được tính", default=list, blank=True)
    # The working-day calendar in force when the files were uploaded (none: the shipped one), and its
    # text, kept so that the import's figures and lists never follow a later calendar or release.
    calendar = models.ForeignKey(
        CalendarVersion, null=True, blank=True, on_delete=models.PROTECT, verbose_name="lịch ngày làm việc"
    )
    calendar_text = models.TextField("lịch ngày làm việc đã dùng", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "lần nhập hồ sơ TTHC"
        verbose_name_plural = "các lần nhập hồ sơ TTHC"

    def __str__(self) -> str:
        return f"{self.period.code} — {self.file_names}"

    @property
    def mapping_label(self) -> str:
        """The column mapping as the pages name it ("Một cửa điện tử", never the file's name)."""
        return mapping_label(self.mapping)

    @property
    def system_label(self) -> str:
        """The one-stop system as the pages name it: a system left unnamed is called as its mapping."""
        return mapping_label(self.system)

    @property
    def folder(self) -> Path:
        """Where this import keeps its uploaded files and its canonical Parquet file."""
        return Path(settings.DATA_DIR) / "dossiers" / f"import-{self.pk}"

    @property
    def store(self) -> Path:
        """The canonical Parquet file the figures and the drill-downs are computed from."""
        return self.folder / "dossiers.parquet"

    def combined_with(self) -> list[DossierImport]:
        """The other systems' imports whose dossiers count in this import's figures."""
        return list(DossierImport.objects.filter(pk__in=self.sources).exclude(pk=self.pk).order_by("pk"))

    @property
    def stores(self) -> list[Path]:
        """The canonical files the figures and the drill-downs are computed from."""
        return [self.store, *(other.store for other in self.combined_with())]

    @property
    def results_file(self) -> Path:
        """Every output of the import as a workbook (Biểu 06, units, procedures, form figures)."""
        return self.folder / "ket-qua.xlsx"

    @property
    def finished(self) -> bool:
        """Whether the import has stopped, well or not."""
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
