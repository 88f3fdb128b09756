"""The REST API (django-ninja) with OpenAPI at /api/docs and token authentication."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="cchc API", version="1", urls_namespace="api")
