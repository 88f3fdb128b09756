"""Download a unit's form as XLSX and upload it back."""

from __future__ import annotations

urlpatterns: list = []
