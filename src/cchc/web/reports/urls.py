"""Pages of the province report (its texts and its downloads) and of the units' own reports."""

from django.urls import path

from cchc.web.reports import views

urlpatterns = [
    path("ky/<str:period>/bao-cao/", views.edit, name="report-edit"),
    path("ky/<str:period>/bao-cao/tai-ve.<str:fmt>", views.download, name="report-download"),
    path("ky/<str:period>/bao-cao/xac-nhan/<str:fmt>/", views.confirm_download_page, name="report-confirm"),
    path("ky/<str:period>/bao-cao/mau-word/", views.upload_template, name="report-template-upload"),
    path("ky/<str:period>/bao-cao/mau-word.docx", views.template_file, name="report-template"),
    path("ky/<str:period>/don-vi/<slug:unit>/bao-cao/", views.unit_report, name="unit-report"),
    path(
        "ky/<str:period>/don-vi/<slug:unit>/bao-cao/<int:pk>.docx",
        views.unit_report_file,
        name="unit-report-file",
    ),
    path(
        "ky/<str:period>/don-vi/<slug:unit>/bao-cao/kiem-chung/<int:pk>/",
        views.unit_evidence_file,
        name="unit-evidence-file",
    ),
]
