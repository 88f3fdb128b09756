"""A province report ready to sign: the sections no figure speaks for written, and the signer named."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client

from cchc.web.reports.models import ReportText
from web.conftest import World

READY_TEXTS = {
    "tuyen_truyen": "Công tác tuyên truyền CCHC được các cấp, các ngành quan tâm.",
    "nhiem_vu": "1. Tiếp tục cải cách thủ tục hành chính.",
}


@pytest.fixture
def ready_report(world: World) -> ReportText:
    """The period's report with nothing left to write: its download asks for no confirmation."""
    return ReportText.objects.create(period=world.period, texts=READY_TEXTS, signer_name="Nguyễn Văn Thi")


def confirmed_download(client: Client, period: str, fmt: str = "docx") -> HttpResponse:
    """The report downloaded through its confirmation, as a user who ticks the box after reading it."""
    page = client.get(f"/ky/{period}/bao-cao/xac-nhan/{fmt}/").content.decode()
    count = re.search(r'name="so-loi" value="(\d+)"', page)
    assert count is not None, "the download asked for no confirmation"
    response = client.post(
        f"/ky/{period}/bao-cao/xac-nhan/{fmt}/", {"so-loi": count.group(1), "xac-nhan": "1"}
    )
    assert response.status_code == 200
    return response
