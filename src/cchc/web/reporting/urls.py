"""Pages of the units' forms: home, period, unit, entry, workflow, history, Excel."""

from django.urls import path

from cchc.web.reporting import excel_views, views

urlpatterns = [
    path("", views.home, name="home"),
    *views.urlpatterns,
    *excel_views.urlpatterns,
]
