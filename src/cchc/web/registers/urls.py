"""Pages of the registers (sổ theo dõi)."""

from django.urls import path

from cchc.web.registers import excel_views, views

urlpatterns = [
    path("so-theo-doi/", views.index, name="registers"),
    path("so-theo-doi/<slug:kind>/", views.item_list, name="register-list"),
    path("so-theo-doi/<slug:kind>/them/", views.item_add, name="register-add"),
    path("so-theo-doi/<slug:kind>/excel/", excel_views.export, name="register-export"),
    path("so-theo-doi/<slug:kind>/nhap-excel/", excel_views.import_, name="register-import"),
    path("so-theo-doi/<slug:kind>/<int:pk>/", views.item_edit, name="register-item"),
    path("so-theo-doi/<slug:kind>/tinh-lai/", views.recompute, name="register-recompute"),
    path("so-theo-doi/<slug:kind>/<int:pk>/xac-nhan/", views.item_confirm, name="register-confirm"),
    path("so-theo-doi/<slug:kind>/<int:pk>/xoa/", views.item_delete, name="register-delete"),
]
