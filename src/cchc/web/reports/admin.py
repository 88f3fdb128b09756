"""The report texts in Django's admin, read only: they are written on the report's own page."""

from django.contrib import admin

from cchc.web.reporting.admin import ReadOnlyAdmin
from cchc.web.reports.models import ReportText


@admin.register(ReportText)
class ReportTextAdmin(ReadOnlyAdmin):
    """Each period's report texts and settings, with who changed them last."""

    list_display = ("period", "number", "date", "signer_name", "updated_at", "updated_by")
