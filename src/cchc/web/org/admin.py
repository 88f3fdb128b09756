from django.contrib import admin

from cchc.web.org.models import ApiToken, Assignment, OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    """Units of the organisation tree."""

    list_display = ("name", "code", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("name", "code")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Which user reports for which unit."""

    list_display = ("user", "unit")
    search_fields = ("user__username", "unit__name")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens (only the prefix is shown)."""

    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix")
