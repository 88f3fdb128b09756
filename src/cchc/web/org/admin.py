"""Django's admin for the administrator, in Vietnamese: the site's titles, the accounts with their role and
units (set on the add page too), the unit tree, API keys, login failures and the account history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Field, ManyToManyField

from cchc.web.org.models import AccountChange, ApiToken, Assignment, LoginFailure, OrgUnit, ReminderSent
from cchc.web.org.roles import Role
from cchc.web.org.users import role_label

admin.site.site_header = "Quản trị hệ thống báo cáo CCHC"
admin.site.site_title = "Quản trị báo cáo CCHC"
admin.site.index_title = "Dữ liệu của hệ thống"
admin.site.site_url = "/"

# Django's own fields of an account, as the admin names and explains them (its Vietnamese catalogue
# leaves several in English).
USER_FIELDS = {
    "username": ("Tên đăng nhập", "Tối đa 150 ký tự: chữ, số và các dấu @ . + - _"),
    "first_name": ("Họ và tên đệm", ""),
    "last_name": ("Tên", ""),
    "email": ("Thư điện tử", "Để nhận thư đặt mật khẩu và thư nhắc hạn báo cáo."),
    "is_active": (
        "Đang hoạt động",
        "Bỏ chọn để khóa tài khoản thay cho việc xóa (lịch sử vẫn giữ người đã nhập).",
    ),
    "is_staff": ("Vào trang quản trị", "Cho phép mở trang quản trị này."),
    "is_superuser": ("Toàn quyền", "Có mọi quyền mà không cần gán riêng từng quyền."),
    "groups": ("Vai trò", "Chọn một vai trò."),
    "last_login": ("Đăng nhập lần cuối", ""),
    "date_joined": ("Ngày tạo", ""),
}


class AssignmentInline(admin.TabularInline):
    """The units the user reports for, on the user's page (the add page too)."""

    model = Assignment
    extra = 1
    autocomplete_fields = ("unit",)
    verbose_name = "đơn vị phụ trách"
    verbose_name_plural = "đơn vị phụ trách"


class AccountAdmin(UserAdmin):
    """Accounts with their role and units; the «Người dùng» page does the same with the audit."""

    inlines = (AssignmentInline,)
    list_display = ("username", "email", "first_name", "last_name", "is_active", "last_login")
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        ("Vai trò và thông tin", {"fields": ("first_name", "last_name", "email", "groups")}),
    )
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Thông tin cá nhân", {"fields": ("first_name", "last_name", "email")}),
        (
            "Vai trò và quyền",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        ("Thời điểm", {"fields": ("last_login", "date_joined")}),
    )

    def formfield_for_dbfield(self, db_field: Field, request: Any, **kwargs: Any) -> forms.Field | None:
        """Django's field with its Vietnamese name and help text."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in USER_FIELDS:
            field.label, field.help_text = USER_FIELDS[db_field.name]
        return field

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: Any, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        """Roles by their Vietnamese names, not the groups' codes."""
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name == "groups":
            field.label_from_instance = _role_name  # type: ignore[method-assign,assignment]
        return field


def _role_name(group: Group) -> str:
    return role_label(Role(group.name)) if group.name in set(Role) else group.name


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
# Roles are the groups cchc makes (org.access.Role), given on the account: no group to add or edit here, and
# no permission given one by one, which no page of cchc reads.
admin.site.unregister(Group)


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


class AppendOnlyAdmin(admin.ModelAdmin):
    """Shown, never written here: the records are made by the application."""

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(AccountChange)
class AccountChangeAdmin(AppendOnlyAdmin):
    """Who changed whose role, units, state or password, when."""

    list_display = ("at", "account", "field", "old_text", "new_text", "by")
    search_fields = ("account__username", "by__username")
    date_hierarchy = "at"


@admin.register(ReminderSent)
class ReminderSentAdmin(AppendOnlyAdmin):
    """The deadline reminders e-mailed (at most one a user a day)."""

    list_display = ("day", "user", "address", "sent_at")
    search_fields = ("user__username", "address")
    date_hierarchy = "day"
