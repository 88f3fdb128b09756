"""The Content-Security-Policy header on every response, and templates that need nothing it forbids.

The browser test (tests/e2e/test_content_security_policy.py) proves the pages run under it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from cchc.web.security import POLICY

WEB = Path(__file__).parents[2] / "src" / "cchc" / "web"
TEMPLATES = sorted(WEB.rglob("templates/**/*.html"))


def test_the_policy_allows_only_the_application_s_own_scripts_and_styles() -> None:
    assert POLICY == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


@pytest.mark.parametrize(
    "path", ["/dang-nhap/", "/", "/tong-quan/", "/ky/2023Q1/tong-hop/", "/khong-co-trang-nay/", "/api/docs"]
)
def test_every_page_carries_the_policy(world, path: str) -> None:
    response = world.client(world.reviewer).get(path)
    assert response["Content-Security-Policy"] == POLICY


def test_static_files_and_refusals_carry_it_too(world) -> None:
    assert Client().get("/static/cchc/cchc.css")["Content-Security-Policy"] == POLICY
    assert Client().post("/ky/2023Q1/bao-cao/")["Content-Security-Policy"] == POLICY


def test_the_templates_are_found() -> None:
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(WEB)))
def test_no_template_has_inline_style_script_or_event_handlers(template: Path) -> None:
    text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"))  # comments are not sent
    assert "<style" not in text
    assert not re.search(r"\sstyle\s*=", text)
    assert not re.search(r"\son[a-z]+\s*=", text)
    assert "javascript:" not in text
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, tag
