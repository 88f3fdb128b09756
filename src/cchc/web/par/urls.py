"""Pages of the PAR Index self-assessment: a unit's sheet, its workflow and appraisal, the queue."""

from django.urls import path

from cchc.web.par import views

urlpatterns = [
    path("chi-so-cchc/<int:year>/tu-danh-gia/", views.queue, name="par-queue"),
    path("chi-so-cchc/<int:year>/don-vi/<slug:unit>/", views.assessment_page, name="par-assessment"),
    path(
        "chi-so-cchc/<int:year>/don-vi/<slug:unit>/chuyen/",
        views.assessment_transition,
        name="par-transition",
    ),
    path(
        "chi-so-cchc/<int:year>/don-vi/<slug:unit>/tham-dinh/",
        views.assessment_appraise,
        name="par-appraise",
    ),
]
