from django.apps import AppConfig


class RegistersConfig(AppConfig):
    """Sổ theo dõi."""

    name = "cchc.web.registers"
    label = "registers"
    verbose_name = "Sổ theo dõi"
