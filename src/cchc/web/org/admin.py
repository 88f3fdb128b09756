from django.contrib import admin

from cchc.web.org.models import ApiToken, Assignment, LoginFailure, OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    """Units of the organisation tree, with how sure their facts are (the whole tree: «Đơn vị» page)."""

    list_display = ("name", "code", "level", "parent", "valid_from", "valid_to", "confidence")
    list_filter = ("level", "confidence")
    search_fields = ("name", "code")
    filter_horizontal = ("predecessors",)


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


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Wrong passwords of the last day; deleting an account's rows lifts its lockout."""

    list_display = ("username", "address", "failed_at")
    search_fields = ("username", "address")
    date_hierarchy = "failed_at"

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
