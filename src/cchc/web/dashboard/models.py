"""Figures the dashboard keeps between requests."""

from __future__ import annotations

from django.db import models

from cchc.web.reporting.models import ReportingPeriod


class KeptDashboard(models.Model):
    """A period's computed dashboard figures (số liệu tổng quan đã tính), valid while `key` matches the
    figures' versions it was computed from (`cchc.web.dashboard.kept`)."""

    period = models.OneToOneField(
        ReportingPeriod,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="kept_dashboard",
        verbose_name="kỳ báo cáo",
    )
    key = models.CharField("phiên bản số liệu đã dùng", max_length=64)
    payload = models.BinaryField("số liệu đã tính")
    # The other periods' aggregates the figures were computed from, reused while those periods' figures
    # stand (`cchc.web.dashboard.kept`).
    aggregates = models.BinaryField("số liệu tổng hợp của các kỳ khác", default=b"")
    computed_at = models.DateTimeField("tính lúc", auto_now=True)

    class Meta:
        verbose_name = "số liệu tổng quan đã tính"
        verbose_name_plural = "số liệu tổng quan đã tính"

    def __str__(self) -> str:
        return f"{self.period} · {self.computed_at:%d/%m/%Y %H:%M}"
