"""Pages of the province report: its texts and its downloads."""

from django.urls import path

from cchc.web.reports import views

urlpatterns = [
    path("ky/<str:period>/bao-cao/", views.edit, name="report-edit"),
    path("ky/<str:period>/bao-cao/tai-ve.<str:fmt>", views.download, name="report-download"),
]
