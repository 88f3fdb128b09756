from typing import Any

from django.apps import AppConfig


class RegistersConfig(AppConfig):
    """Sổ theo dõi: plan tasks, tasks assigned by the Government, citizens' feedback (PAKN)."""

    name = "cchc.web.registers"
    label = "registers"
    verbose_name = "Sổ theo dõi"

    def ready(self) -> None:
        """Link the cells the registers fill to their lists; refresh them when a form is sent, returned or
        reopened, and when a period is created or reopened."""
        from django.db.models.signals import post_save, pre_save

        from cchc.web.org.access import Action, can
        from cchc.web.registers.figures import refresh_unit
        from cchc.web.registers.links import cell_link
        from cchc.web.reporting import hooks
        from cchc.web.reporting.models import Channel, ReportingPeriod

        hooks.register_link(
            Channel.REGISTER,
            cell_link,
            corrector="người nhập số liệu của đơn vị sửa các mục trong sổ theo dõi",
            fix="Sửa các mục của đơn vị trong sổ theo dõi",
            corrects=lambda user, unit: can(user, Action.EDIT, unit),
        )
        hooks.register_refresher(Channel.REGISTER, refresh_unit)
        pre_save.connect(_remember_open, sender=ReportingPeriod, dispatch_uid="registers-period-pre")
        post_save.connect(_period_saved, sender=ReportingPeriod, dispatch_uid="registers-period-post")


def _remember_open(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Remember whether the period was open before this save."""
    before = (
        sender.objects.filter(pk=instance.pk).values_list("is_open", flat=True).first()
        if instance.pk
        else None
    )
    instance._registers_was_open = bool(before)


def _period_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A period just created or reopened gets every register's figures in every unit's forms."""
    from cchc.web.registers.figures import refresh_period

    if raw or not instance.is_open:
        return
    if created or not getattr(instance, "_registers_was_open", True):
        refresh_period(instance)
