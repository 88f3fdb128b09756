from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Báo cáo."""

    name = "cchc.web.reports"
    label = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        """The province's paragraphs are checked against the aggregate with the period's findings; a unit's
        own report against its forms, beside them, and named before a form is sent."""
        from cchc.web.reporting.hooks import register_aggregate_check, register_report_of, register_unit_check
        from cchc.web.reports.services import text_findings
        from cchc.web.reports.unit_reports import report_findings, report_sent

        register_aggregate_check("report-texts", text_findings)
        register_unit_check("unit-reports", report_findings)
        register_report_of("unit-reports", report_sent)
