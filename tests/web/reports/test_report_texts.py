"""The province writes its paragraphs per section and the document settings; the report uses them."""

from __future__ import annotations

import io

import docx
import pytest

from cchc.web.reports.models import ReportText
from web.conftest import World

pytestmark = pytest.mark.django_db

EDIT = "/ky/2023Q1/bao-cao/"


def _form(**changes: str) -> dict[str, str]:
    data = {
        "number": "125",
        "place": "Thanh Hóa",
        "date": "2023-03-05",
        "signer_mode": "KT",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Thi",
        "recipients": "Bộ Nội vụ (để b/c)\nLưu: VT, THKH",
        "muc_chi_dao": "Đoạn thứ nhất về chỉ đạo.\nĐoạn thứ hai về chỉ đạo.",
        "muc_nhiem_vu": "1. Tiếp tục cải cách thủ tục hành chính.",
    }
    data.update(changes)
    return data


def test_saving_keeps_each_section_and_the_settings(world: World) -> None:
    response = world.client(world.reviewer).post(EDIT, _form())
    assert response.status_code == 302
    text = ReportText.objects.get(period=world.period)
    assert text.texts["chi_dao"] == "Đoạn thứ nhất về chỉ đạo.\nĐoạn thứ hai về chỉ đạo."
    assert text.number == "125" and text.signer_name == "Nguyễn Văn Thi"
    assert text.updated_by == world.reviewer


def test_the_downloaded_report_carries_the_texts_and_settings(world: World) -> None:
    world.client(world.reviewer).post(EDIT, _form())
    response = world.client(world.viewer).get("/ky/2023Q1/bao-cao/tai-ve.docx")
    document = docx.Document(io.BytesIO(response.content))
    body = [paragraph.text for paragraph in document.paragraphs]
    assert "Đoạn thứ nhất về chỉ đạo." in body and "Đoạn thứ hai về chỉ đạo." in body
    assert "1. Tiếp tục cải cách thủ tục hành chính./." in body  # the closing mark of the body
    header = [p.text for cell in document.tables[0].rows[0].cells for p in cell.paragraphs]
    assert "Số: 125/BC-UBND" in header and "Thanh Hóa, ngày 05 tháng 3 năm 2023" in header
    signature = [p.text for cell in document.tables[1].rows[0].cells for p in cell.paragraphs]
    assert "- Lưu: VT, THKH." in signature and "Nguyễn Văn Thi" in signature


def test_a_bad_date_is_refused_and_nothing_is_saved(world: World) -> None:
    response = world.client(world.reviewer).post(EDIT, _form(date="31/02/2023"))
    assert response.status_code == 200
    assert "Nhập" in response.content.decode() or "hợp lệ" in response.content.decode()
    assert not ReportText.objects.filter(period=world.period).exists()


def test_the_page_shows_what_was_saved(world: World) -> None:
    client = world.client(world.reviewer)
    client.post(EDIT, _form())
    page = client.get(EDIT).content.decode()
    assert "Đoạn thứ hai về chỉ đạo." in page and 'value="125"' in page
