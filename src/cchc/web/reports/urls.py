"""Pages of the province report: its texts and its downloads."""

from django.urls import path

from cchc.web.reports import views

urlpatterns = [
    path("ky/<str:period>/bao-cao/", views.edit, name="report-edit"),
    path("ky/<str:period>/bao-cao/tai-ve.<str:fmt>", views.download, name="report-download"),
    path("ky/<str:period>/bao-cao/mau-word/", views.upload_template, name="report-template-upload"),
    path("ky/<str:period>/bao-cao/mau-word.docx", views.template_file, name="report-template"),
]
