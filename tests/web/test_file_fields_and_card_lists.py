"""Every upload field shows a Vietnamese button and file name; user and register lists fold into cards."""

from __future__ import annotations

import re
from pathlib import Path

from cchc.web.registers.models import PlanTask

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "cchc" / "web"


def test_no_template_draws_the_browsers_own_file_control() -> None:
    bare = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if path.name != "_file_input.html" and 'type="file"' in path.read_text(encoding="utf-8")
    ]
    assert bare == []


def test_the_excel_upload_of_a_form_has_a_vietnamese_button_and_file_name(world) -> None:
    html = world.client(world.reporter_a).get("/ky/2023Q1/don-vi/so-tu-phap/bieu/3/").content.decode()
    field = re.search(r"<label>Tải lên Excel đã điền:(.*?)</label>", html, re.S)
    assert field, "no upload field"
    assert '<input type="file" name="file" class="file-input"' in field.group(1)
    assert "required" in field.group(1)
    assert '<span class="button secondary file-button" aria-hidden="true">Chọn tệp…</span>' in field.group(1)
    assert '<span class="file-none">Chưa chọn tệp</span>' in field.group(1)
    # The name of the chosen file is written by a script of the application's own, as the CSP asks.
    assert re.search(r'<script src="/static/cchc/files[.\w]*\.js" defer></script>', html)


def test_the_users_list_names_each_cell_for_its_card_on_a_phone(world) -> None:
    html = world.client(world.admin).get("/nguoi-dung/").content.decode()
    assert '<table class="users card-list">' in html
    assert '<td class="card-title" data-label="Tên đăng nhập"><a href=' in html
    for label in (
        "Họ và tên",
        "Vai trò",
        "Đơn vị phụ trách",
        "Thư điện tử",
        "Trạng thái",
        "Đăng nhập lần cuối",
    ):
        assert f'<td data-label="{label}">' in html


def test_a_register_list_names_each_cell_for_its_card_on_a_phone(world) -> None:
    PlanTask.objects.create(year=2023, title="Rà soát thủ tục", unit=world.unit_a, due_quarter=1)
    html = world.client(world.reviewer).get("/so-theo-doi/ke-hoach/").content.decode()
    assert '<table class="register card-list">' in html
    assert re.search(
        r'<td class="card-title" data-label="Nội dung"><a href="[^"]+">Rà soát thủ tục</a>', html
    )
    for label in ("Mã số", "Kế hoạch năm · STT", "Đơn vị", "Hạn", "Tình trạng hôm nay"):
        assert f'data-label="{label}">' in html
