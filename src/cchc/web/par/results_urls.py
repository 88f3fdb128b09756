"""The PAR Index's results and survey pages: /chi-so-cchc/<year>/ (ranking), its downloads, and
/chi-so-cchc/<year>/dieu-tra/ (survey import)."""

from django.urls import path

from cchc.web.par import results_views, survey

urlpatterns = [
    path("chi-so-cchc/<int:year>/", results_views.results, name="par-results"),
    path("chi-so-cchc/<int:year>/ket-qua.<str:fmt>", results_views.download, name="par-results-download"),
    path("chi-so-cchc/<int:year>/dieu-tra/", survey.survey_page, name="par-survey"),
    path("chi-so-cchc/<int:year>/dieu-tra/mau.xlsx", survey.survey_template, name="par-survey-template"),
]
