from django.apps import AppConfig


class RegistersConfig(AppConfig):
    """Sổ theo dõi: plan tasks, tasks assigned by the Government, citizens' feedback (PAKN)."""

    name = "cchc.web.registers"
    label = "registers"
    verbose_name = "Sổ theo dõi"

    def ready(self) -> None:
        """Link the form cells the registers fill to the register list behind each figure."""
        from cchc.web.registers.links import cell_link
        from cchc.web.reporting.models import Channel
        from cchc.web.reporting.sources import register_link

        register_link(Channel.REGISTER, cell_link)
