"""Province pages: aggregate, findings, dashboard."""

from cchc.web.dashboard import views

urlpatterns = [*views.urlpatterns]
