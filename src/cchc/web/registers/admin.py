"""The registers in Django's admin, read only: items change through the pages or Excel, with their audit."""

from django.contrib import admin

from cchc.web.registers.models import AssignedTask, Feedback, PlanTask, RegisterChange
from cchc.web.reporting.admin import ReadOnlyAdmin


@admin.register(PlanTask)
class PlanTaskAdmin(ReadOnlyAdmin):
    """Plan tasks (read only)."""

    list_display = (
        "year",
        "number",
        "title",
        "unit",
        "due_quarter",
        "due_date",
        "completed_on",
        "confirmed_at",
    )
    list_filter = ("year",)


@admin.register(AssignedTask)
class AssignedTaskAdmin(ReadOnlyAdmin):
    """Tasks assigned by the Government and the Prime Minister (read only)."""

    list_display = ("source_number", "assigned_on", "title", "unit", "deadline", "completed_on")


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    """Feedback (PAKN) (read only)."""

    list_display = ("received_on", "subject", "unit", "due_on", "handled_on")


@admin.register(RegisterChange)
class RegisterChangeAdmin(ReadOnlyAdmin):
    """The audit of every register change (read only)."""

    list_display = ("at", "register", "item_id", "action", "field", "old_text", "new_text", "user", "channel")
    list_filter = ("register", "channel")
