from django.apps import AppConfig


class ParConfig(AppConfig):
    """Chỉ số cải cách hành chính."""

    name = "cchc.web.par"
    label = "par"
    verbose_name = "Chỉ số CCHC"
