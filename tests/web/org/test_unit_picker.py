"""The unit picker of the «Người dùng» pages: every unit a checkbox under its level, the ended ones marked and
after those in force, the chosen ones counted and listed; what is sent is the same `units` field, saved or
refused by the same rules."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User

from cchc.web.org.models import AccountChange, OrgUnit


@pytest.fixture
def communes(world) -> None:  # type: ignore[no-untyped-def]
    """Two communes of today and a department merged away in 2025, beside the personas' units."""
    for code, name in (("phuong-hac-thanh", "Phường Hạc Thành"), ("xa-thach-thanh", "Xã Thạch Thành")):
        OrgUnit.objects.create(
            code=code, name=name, level="xa", parent=world.province, valid_from=dt.date(2025, 7, 1)
        )
    OrgUnit.objects.create(
        code="so-giao-thong-van-tai",
        name="Sở Giao thông vận tải",
        level="so",
        parent=world.province,
        order=1,
        valid_to=dt.date(2025, 2, 28),
    )


def picker(page: str) -> str:
    return page[page.index('<div class="unit-picker"') : page.index('<p class="picker-none')]


def boxes(html: str) -> list[tuple[str, bool]]:
    """Each checkbox's unit code and whether it is ticked, in the page's order."""
    pattern = r'<input type="checkbox" name="units" value="([^"]+)"([^>]*)>'
    return [(code, "checked" in attrs) for code, attrs in re.findall(pattern, html)]


def test_the_units_are_grouped_by_level_with_the_ended_ones_marked_last(world, communes) -> None:
    page = world.client(world.admin).get(f"/nguoi-dung/{world.reporter_a.pk}/").content.decode()
    html = picker(page)
    legends = re.findall(r"<legend>([^<]+) <span class=\"muted\">\((\d+)\)</span></legend>", html)
    assert legends == [("Cấp tỉnh", "3"), ("Cấp xã", "2"), ("Cấp huyện (đến 30/06/2025)", "1")]
    assert boxes(html) == [
        ("ubnd-tinh", False),
        ("so-tu-phap", True),
        ("so-giao-thong-van-tai", False),
        ("phuong-hac-thanh", False),
        ("xa-thach-thanh", False),
        ("huyen-nga-son", False),
    ]
    assert '<p class="picker-ended-title">Đã hết hiệu lực</p>' in html
    assert (
        '<span class="unit-name">Sở Giao thông vận tải</span> '
        '<span class="mark ended" title="Đơn vị đã hết hiệu lực">đến 28/02/2025</span>'
    ) in html
    # Without JavaScript the page already says what is chosen; the filter box waits for the script.
    assert "Đã chọn 1 đơn vị:" in html
    assert re.search(
        r'<ul class="picker-chips"[^>]*>\s*<li><span class="unit-name">Sở Tư pháp</span></li>', html
    )
    assert re.search(r'<input type="search" class="picker-filter"[^>]*hidden>', html)
    assert "<legend>Đơn vị phụ trách</legend>" in page


def test_the_chosen_units_are_saved(world, communes) -> None:
    client = world.client(world.admin)
    response = client.post(
        f"/nguoi-dung/{world.reporter_a.pk}/",
        {
            "full_name": "Lê Văn A",
            "email": "",
            "role": "bao-cao",
            "units": ["phuong-hac-thanh", "so-tu-phap"],
        },
    )
    assert response.status_code == 302
    assert sorted(world.reporter_a.assignments.values_list("unit__code", flat=True)) == [
        "phuong-hac-thanh",
        "so-tu-phap",
    ]
    change = AccountChange.objects.get(account=world.reporter_a, field="units")
    assert (change.old_text, change.new_text) == ("so-tu-phap", "phuong-hac-thanh, so-tu-phap")
    page = client.get(f"/nguoi-dung/{world.reporter_a.pk}/").content.decode()
    assert "Đã chọn 2 đơn vị:" in page


def test_a_unit_that_is_not_offered_is_refused_by_name_and_nothing_changes(world, communes) -> None:
    response = world.client(world.reviewer).post(
        f"/nguoi-dung/{world.reporter_b.pk}/",
        {
            "full_name": "Trần Thị B",
            "email": "",
            "role": "bao-cao",
            "units": ["phuong-hac-thanh", "so-khong-co"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert (
        '<p class="finding error" role="alert" id="id_units_problem">Không có đơn vị mã so-khong-co.</p>'
        in page
    )
    assert list(world.reporter_b.assignments.values_list("unit__code", flat=True)) == ["huyen-nga-son"]
    assert not AccountChange.objects.filter(account=world.reporter_b, by=world.reviewer).exists()
    # The picker comes back with what was ticked, to correct and send again.
    assert ("phuong-hac-thanh", True) in boxes(picker(page))


def test_a_new_reporter_gets_a_commune_ticked_in_the_picker(world, communes) -> None:
    response = world.client(world.admin).post(
        "/nguoi-dung/them/",
        {
            "username": "bc-hac-thanh",
            "full_name": "Lê Thị Hoa",
            "email": "hoa@hacthanh.thanhhoa.gov.vn",
            "role": "bao-cao",
            "units": ["phuong-hac-thanh"],
            "password": "duyet-bieu-mau-7",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="bc-hac-thanh")
    assert list(user.assignments.values_list("unit__code", flat=True)) == ["phuong-hac-thanh"]
