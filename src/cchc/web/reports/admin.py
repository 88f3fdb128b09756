"""The report texts in Django's admin, read only: they are written on the report's own page."""

from django.contrib import admin

from cchc.web.reporting.admin import ReadOnlyAdmin
from cchc.web.reports.models import DownloadConfirmation, ReportText


@admin.register(ReportText)
class ReportTextAdmin(ReadOnlyAdmin):
    """Each period's report texts and settings, with who changed them last."""

    list_display = ("period", "number", "date", "signer_name", "updated_at", "updated_by")


@admin.register(DownloadConfirmation)
class DownloadConfirmationAdmin(ReadOnlyAdmin):
    """Who downloaded a province report that still had errors, when, and which errors they confirmed."""

    list_display = ("period", "at", "user", "file_format", "approved_only", "errors")
