from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Báo cáo."""

    name = "cchc.web.reports"
    label = "reports"
    verbose_name = "Báo cáo"
