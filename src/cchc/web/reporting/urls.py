"""Pages of the units' forms: the periods, a period, unit, entry, workflow, history, Excel."""

from django.urls import path

from cchc.web.reporting import excel_views, period_views, views

urlpatterns = [
    path("ky/", period_views.periods, name="periods"),
    path("ky/mo/", period_views.period_open, name="period-open"),
    path("ky/<str:period>/dong/", period_views.period_close, name="period-close"),
    path("ky/<str:period>/", views.period_page, name="period"),
    path("ky/<str:period>/duyet/", views.bulk_approve, name="bulk-approve"),
    path("ky/<str:period>/don-vi/<slug:unit>/", views.unit_page, name="unit-period"),
    path("ky/<str:period>/don-vi/<slug:unit>/duyet/", views.bulk_approve, name="unit-bulk-approve"),
    path("ky/<str:period>/don-vi/<slug:unit>/bieu/<int:form>/", views.entry, name="entry"),
    path(
        "ky/<str:period>/don-vi/<slug:unit>/bieu/<int:form>/tinh-thu/",
        views.entry_preview,
        name="entry-preview",
    ),
    path(
        "ky/<str:period>/don-vi/<slug:unit>/bieu/<int:form>/chuyen/",
        views.entry_transition,
        name="transition",
    ),
    path(
        "ky/<str:period>/don-vi/<slug:unit>/bieu/<int:form>/lich-su/<str:code>/",
        views.cell_history,
        name="cell-history",
    ),
    path(
        "ky/<str:period>/don-vi/<slug:unit>/bieu/<int:form>/excel/",
        excel_views.excel_download,
        name="excel-download",
    ),
    path(
        "ky/<str:period>/don-vi/<slug:unit>/bieu/<int:form>/excel/tai-len/",
        excel_views.excel_upload,
        name="excel-upload",
    ),
]
