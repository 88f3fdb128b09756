"""A number with more digits than the storage keeps exactly (15) is refused naming its row, never a 500.

The same 31-digit number reaches the save through the entry page, its live preview, the API and an
uploaded Excel form; each path answers with the row's name (the Excel form: its cell) and "số quá lớn", and writes nothing.
"""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cchc.web.org.tokens import issue_token
from cchc.web.reporting.models import Submission, Value

ENTRY = "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"
API_FORM = "/api/periods/2023Q1/units/so-tu-phap/forms/3"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THIRTY_ONE_DIGITS = "1" * 31


@pytest.fixture
def client(world) -> Client:
    """Reporter A's browser, answering a server error with its page instead of raising it."""
    client = world.client(world.reporter_a)
    client.raise_request_exception = False
    return client


def test_the_entry_page_refuses_a_31_digit_number_naming_the_row_and_keeps_it_typed(client) -> None:
    response = client.post(ENTRY, {"version": "0", "v-BM3-3.1.1": THIRTY_ONE_DIGITS, "v-BM3-3.1.2": "9"})
    assert response.status_code == 422
    content = response.content.decode()
    assert (
        "Tổng số hồ sơ TTHC đã giải quyết xong: «1111111111111111111111111111111» số quá lớn (31 chữ số phần nguyên), vượt quá giới hạn lưu trữ (tối đa 15 chữ số)."
        in content
    )
    assert f'name="v-BM3-3.1.1" value="{THIRTY_ONE_DIGITS}"' in content
    assert not Submission.objects.exists() and not Value.objects.exists()


def test_sixteen_digits_are_refused_and_fifteen_are_kept_exactly(client) -> None:
    refused = client.post(ENTRY, {"version": "0", "v-BM3-3.1.1": "1234567890123456"})
    assert refused.status_code == 422
    assert "số quá lớn (16 chữ số phần nguyên)" in refused.content.decode()
    kept = client.post(ENTRY, {"version": "0", "v-BM3-3.1.1": "999.999.999.999.999"})
    assert kept.status_code == 302
    assert Value.objects.get(code="BM3-3.1.1").cell.number == 999_999_999_999_999


def test_too_many_digits_in_all_or_after_the_comma_are_refused_naming_the_row(client) -> None:
    seventeen = client.post(ENTRY, {"version": "0", "v-BM3-3.1.1": "123.456.789.012,12345"})
    assert (
        "Tổng số hồ sơ TTHC đã giải quyết xong: «123.456.789.012,12345» số có quá nhiều chữ số (17), vượt quá giới hạn lưu trữ (tối đa 15 chữ số, kể cả phần thập phân)."
        in seventeen.content.decode()
    )
    seven_places = client.post(ENTRY, {"version": "0", "v-BM3-3.1.1": "1,1234567"})
    assert (
        "«1,1234567» quá nhiều chữ số thập phân (7), vượt quá giới hạn lưu trữ (tối đa 6 chữ số thập phân)."
        in seven_places.content.decode()
    )
    assert seventeen.status_code == seven_places.status_code == 422
    assert not Value.objects.exists()


def test_the_preview_names_the_row_and_computes_nothing_from_the_number(client) -> None:
    response = client.post(ENTRY + "tinh-thu/", {"v-BM3-3.1.1": THIRTY_ONE_DIGITS, "v-BM3-3.1.2": "9"})
    assert response.status_code == 200
    content = response.content.decode()
    assert '<span id="computed-BM3-3.1" hx-swap-oob="true"></span>' in content
    assert "Tổng số hồ sơ TTHC đã giải quyết xong: «1111111111111111111111111111111» số quá lớn" in content
    assert not Value.objects.exists()


def test_the_preview_clears_the_message_once_the_number_fits(client) -> None:
    content = client.post(ENTRY + "tinh-thu/", {"v-BM3-3.1.1": "10", "v-BM3-3.1.2": "9"}).content.decode()
    assert '<span id="computed-BM3-3.1" hx-swap-oob="true">90,00</span>' in content
    assert '<div id="preview-problems" role="status" aria-live="polite" hx-swap-oob="true"></div>' in content


def test_the_api_refuses_it_with_422_and_the_row_in_problems(world) -> None:
    api = Client(headers={"Authorization": f"Bearer {issue_token(world.reporter_a)}"})
    api.raise_request_exception = False
    body = {"version": 0, "values": [{"code": "BM3-3.1.1", "text": THIRTY_ONE_DIGITS}]}
    response = api.put(API_FORM, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    problem = response.json()["problems"]["BM3-3.1.1"]
    assert problem.startswith("Tổng số hồ sơ TTHC đã giải quyết xong: «")
    assert "số quá lớn (31 chữ số phần nguyên)" in problem
    assert not Value.objects.exists()


def _uploaded(client: Client, value: object):
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(ENTRY + "excel/").content))
    sheet = workbook["Biểu mẫu 3"]
    line = next(cell.row for cell in sheet["F"] if cell.value == "BM3-3.1.1")
    sheet[f"D{line}"] = value
    out = io.BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("bm3.xlsx", out.getvalue(), XLSX)
    response = client.post(ENTRY + "excel/tai-len/", {"file": upload})
    return response, [str(m) for m in get_messages(response.wsgi_request)], line


def test_an_excel_upload_refuses_it_typed_as_text_naming_the_cell(client) -> None:
    response, messages, line = _uploaded(client, THIRTY_ONE_DIGITS)
    assert response.status_code == 302
    assert (
        f"Trang «Biểu mẫu 3», ô D{line} (mục 3.1.1): «1111111111111111111111111111111» số quá lớn (31 chữ số phần nguyên)"
        in messages[0]
    )
    assert not Value.objects.exists()


def test_an_excel_upload_refuses_it_as_a_number_cell_naming_the_cell(client) -> None:
    response, messages, line = _uploaded(client, 1e30)
    assert response.status_code == 302
    assert (
        f"Trang «Biểu mẫu 3», ô D{line} (mục 3.1.1): «1.000.000.000.000.000.000.000.000.000.000» số quá lớn (31 chữ số phần nguyên)"
        in messages[0]
    )
    assert not Value.objects.exists()
