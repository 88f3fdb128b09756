"""The user's own account pages (API keys); the login pages are in the site's URL map."""

from django.urls import path

from cchc.web.org import views

urlpatterns = [
    path("tai-khoan/khoa-api/", views.api_tokens, name="api-tokens"),
    path("tai-khoan/khoa-api/<int:pk>/thu-hoi/", views.api_token_revoke, name="api-token-revoke"),
]
