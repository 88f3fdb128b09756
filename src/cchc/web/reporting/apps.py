from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Periods, submissions, values, workflow and audit."""

    name = "cchc.web.reporting"
    label = "reporting"
    verbose_name = "Báo cáo CCHC"
