from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Province aggregate, findings and the dashboard."""

    name = "cchc.web.dashboard"
    label = "dashboard"
    verbose_name = "Tổng hợp"
