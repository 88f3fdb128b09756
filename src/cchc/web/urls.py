"""URL map: Vietnamese paths for pages, /api/ for the REST API, /quan-tri/ for Django's admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cchc.web.api.api import api
from cchc.web.home import home
from cchc.web.org.views import LoginView

urlpatterns = [
    path("dang-nhap/", LoginView.as_view(), name="login"),
    # The admin site's own login form would be a second, unthrottled door: it is the same page.
    path("quan-tri/login/", LoginView.as_view()),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("quan-tri/", admin.site.urls),
    path("api/", api.urls),
    path("", home, name="home"),
    path("", include("cchc.web.reporting.urls")),
    path("", include("cchc.web.dashboard.urls")),
    path("", include("cchc.web.registers.urls")),
    path("", include("cchc.web.reports.urls")),
    path("", include("cchc.web.dossiers.urls")),
    path("", include("cchc.web.org.urls")),
    path("chi-so-cchc/", include("cchc.web.par.years")),
    path("", include("cchc.web.par.urls")),
    path("", include("cchc.web.par.results_urls")),
]

# A storage failure outside any view (the session saved after the page) still gets the 503 page.
handler500 = "cchc.web.hardening.server_error"
