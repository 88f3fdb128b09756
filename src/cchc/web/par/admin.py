"""The PAR Index in Django's admin, read only: years, self-assessments and their audit are changed on
cchc's own pages, where every change is checked and recorded."""

from django.contrib import admin

from cchc.web.par.models import Assessment, AssessmentEvent, ParRound, ScoreChange, SurveyImport
from cchc.web.reporting.admin import ReadOnlyAdmin


@admin.register(ParRound)
class ParRoundAdmin(ReadOnlyAdmin):
    """Each year's PAR Index: deadline, whether it takes self-assessments, its publication."""

    list_display = ("year", "self_deadline", "is_open", "published_at", "decision")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    """Each unit's self-assessment of a year, with its criteria set and status."""

    list_display = ("round", "unit", "set_id", "set_version", "status", "submitted_at", "approved_at")
    list_filter = ("round", "status", "unit__level")


@admin.register(ScoreChange)
class ScoreChangeAdmin(ReadOnlyAdmin):
    """Every change of a criterion's score: who, when, which stage, old → new, why."""

    list_display = ("assessment", "code", "stage", "old_text", "new_text", "user", "at")


@admin.register(AssessmentEvent)
class AssessmentEventAdmin(ReadOnlyAdmin):
    """Every workflow step of a self-assessment, with its comment."""

    list_display = ("assessment", "action", "from_status", "to_status", "user", "at")


@admin.register(SurveyImport)
class SurveyImportAdmin(ReadOnlyAdmin):
    """Every file of survey results imported: its name, rows, who and when."""

    list_display = ("round", "name", "rows", "imported_by", "imported_at")
