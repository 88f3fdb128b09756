"""Province pages: aggregate, findings, dashboard."""

from django.urls import path

from cchc.web.dashboard import views

urlpatterns = [
    path("ky/<str:period>/tong-hop/", views.aggregate, name="aggregate"),
    path("ky/<str:period>/tong-hop/<str:code>/", views.aggregate_row, name="aggregate-row"),
    path("ky/<str:period>/kiem-tra/", views.findings, name="findings"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/bieu-do/<slug:name>.svg", views.chart_svg, name="chart-svg"),
    path("static-js/vega.js", views.vega_bundle, name="vega-bundle"),
]
