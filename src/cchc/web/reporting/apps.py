from typing import Any

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Periods, submissions, values, workflow and audit."""

    name = "cchc.web.reporting"
    label = "reporting"
    verbose_name = "Báo cáo CCHC"

    def ready(self) -> None:
        """Bump the figures' version (`stamps`) when a period, a unit or a form is changed or removed
        outside the services (the admin, the demo loader); cells and statuses bump it where written."""
        from django.db.models.signals import post_delete, post_save

        from cchc.web.org.models import OrgUnit
        from cchc.web.reporting.models import ReportingPeriod, Submission
        from cchc.web.reporting.stamps import figures_changed

        def period_changed(sender: Any, instance: ReportingPeriod, **kwargs: Any) -> None:
            if not kwargs.get("raw"):
                figures_changed([instance.pk])

        def unit_changed(sender: Any, instance: OrgUnit, **kwargs: Any) -> None:
            # Which units report in a period, and under which name, is every period's business.
            if not kwargs.get("raw"):
                figures_changed()

        def form_removed(sender: Any, instance: Submission, **kwargs: Any) -> None:
            figures_changed([instance.period_id])

        # Strong references: the receivers are local to this method.
        post_save.connect(period_changed, sender=ReportingPeriod, weak=False, dispatch_uid="stamps-period")
        post_save.connect(unit_changed, sender=OrgUnit, weak=False, dispatch_uid="stamps-unit-saved")
        post_delete.connect(unit_changed, sender=OrgUnit, weak=False, dispatch_uid="stamps-unit-removed")
        post_delete.connect(form_removed, sender=Submission, weak=False, dispatch_uid="stamps-form-removed")
