"""The user's own account pages (API keys, password), the forgotten-password pages, the «Người dùng» pages
and Sở Nội vụ's page of the unit tree; the login pages are in the site's URL map."""

from django.contrib.auth import views as auth_views
from django.urls import path

from cchc.web.org import excel_views, views

urlpatterns = [
    path("tai-khoan/khoa-api/", views.api_tokens, name="api-tokens"),
    path("tai-khoan/khoa-api/<int:pk>/thu-hoi/", views.api_token_revoke, name="api-token-revoke"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "tai-khoan/doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Every forgotten-password page sits under this prefix: cchc.web.security lets anonymous posts in here.
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "quen-mat-khau/dat-lai/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "quen-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("nguoi-dung/", views.users, name="users"),
    path("nguoi-dung/them/", views.user_new, name="user-new"),
    path("nguoi-dung/<int:pk>/", views.user, name="user"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_active, {"active": False}, name="user-deactivate"),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.user_active, {"active": True}, name="user-activate"),
    path("nguoi-dung/<int:pk>/gui-thu-dat-mat-khau/", views.user_reset, name="user-reset"),
    path("danh-sach-don-vi/", excel_views.units, name="units"),
    path("danh-sach-don-vi/xuat.xlsx", excel_views.units_export, {"fmt": "xlsx"}, name="units-export-xlsx"),
    path("danh-sach-don-vi/xuat.csv", excel_views.units_export, {"fmt": "csv"}, name="units-export-csv"),
    path("danh-sach-don-vi/nhap/", excel_views.units_import, name="units-import"),
]
