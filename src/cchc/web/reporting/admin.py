from django.contrib import admin

from cchc.web.reporting.models import ReportingPeriod, Submission, ValueChange, WorkflowEvent


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    """Periods with their windows and deadlines, shown only: a period is opened on the «Kỳ báo cáo» page by
    its type and year, with the schedule's dates and the template in force on its cut-off date, so no
    date is ever typed (and every page, the registers and the dossier import read the same window)."""

    list_display = ("code", "template", "window_start", "window_end", "unit_deadline", "deadline", "is_open")
    readonly_fields = ("code", "template", "window_start", "window_end", "unit_deadline", "deadline")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here: forms, audit and workflow change only through the application."""

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    """Units' forms (read only): values and status change through the pages, Excel or the API only,
    so that every change keeps its audit record and workflow event."""

    list_display = ("unit", "period", "form", "status", "submitted_at", "approved_at")
    list_filter = ("period", "status", "form")


@admin.register(ValueChange)
class ValueChangeAdmin(ReadOnlyAdmin):
    """The audit of every value change (read only)."""

    list_display = ("at", "submission", "code", "old_text", "new_text", "user", "channel")
    list_filter = ("channel",)


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    """Workflow events with their comments (read only)."""

    list_display = ("at", "submission", "action", "from_status", "to_status", "user")
