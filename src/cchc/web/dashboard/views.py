"""Province-wide pages: the aggregate by form and level, all findings of a period, the dashboard."""

from __future__ import annotations

urlpatterns: list = []
