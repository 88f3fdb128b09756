"""Pages of the units' forms: period, unit, entry, workflow, history, Excel."""

from cchc.web.reporting import excel_views, views

urlpatterns = [
    *views.urlpatterns,
    *excel_views.urlpatterns,
]
