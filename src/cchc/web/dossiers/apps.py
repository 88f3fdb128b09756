from django.apps import AppConfig


class DossiersConfig(AppConfig):
    """Hồ sơ TTHC."""

    name = "cchc.web.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ TTHC"
