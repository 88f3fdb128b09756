"""The user's own account pages (API keys) and Sở Nội vụ's page of the unit tree; the login pages are in the
site's URL map."""

from django.urls import path

from cchc.web.org import excel_views, views

urlpatterns = [
    path("tai-khoan/khoa-api/", views.api_tokens, name="api-tokens"),
    path("tai-khoan/khoa-api/<int:pk>/thu-hoi/", views.api_token_revoke, name="api-token-revoke"),
    path("danh-sach-don-vi/", excel_views.units, name="units"),
    path("danh-sach-don-vi/xuat.xlsx", excel_views.units_export, {"fmt": "xlsx"}, name="units-export-xlsx"),
    path("danh-sach-don-vi/xuat.csv", excel_views.units_export, {"fmt": "csv"}, name="units-export-csv"),
    path("danh-sach-don-vi/nhap/", excel_views.units_import, name="units-import"),
]
