"""The application serves its own stylesheet and scripts: no web server, no CDN."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/static/cchc/cchc.css", "text/css"),
        ("/static/cchc/entry.js", "text/javascript"),
        ("/static/django_htmx/htmx-2.min.js", "text/javascript"),
    ],
)
def test_it_serves_its_static_files(db: None, path: str, content_type: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
