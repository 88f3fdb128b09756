"""Pages of the dossier figures."""

from django.urls import path

from cchc.web.dossiers import views

urlpatterns = [
    path("ho-so/", views.dossiers_home, name="dossiers"),
    path("ho-so/nhap/", views.upload, name="dossier-upload"),
    path("ho-so/nhap/<int:pk>/", views.import_page, name="dossier-import"),
    path("ho-so/nhap/<int:pk>/ket-qua.xlsx", views.results_xlsx, name="dossier-results-xlsx"),
    path("ho-so/nhap/<int:pk>/danh-sach/", views.dossier_list, name="dossier-list"),
    path("ho-so/lich/", views.calendar_page, name="dossier-calendar"),
    path("ho-so/lich/tai-len/", views.calendar_upload, name="dossier-calendar-upload"),
    path("ho-so/lich/lich-lam-viec.toml", views.calendar_download, name="dossier-calendar-download"),
    path("ho-so/lich/<int:pk>/lich-lam-viec.toml", views.calendar_download, name="dossier-calendar-version"),
]
