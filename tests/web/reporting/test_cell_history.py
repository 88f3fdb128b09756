"""A cell's audit history: every change with its time in Vietnam, who made it, old → new, the channel."""

from __future__ import annotations

import datetime as dt
import re

from cchc.web.reporting.models import ValueChange
from cchc.web.reporting.services import save_values, submission_for

ENTRY = "/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"
HISTORY = ENTRY + "lich-su/BM3-3.1.1/"


def text(html: str) -> str:
    """The page's text with tags removed and spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_shows_old_and_new_values_with_the_user_and_the_channel(world) -> None:
    client = world.client(world.reporter_a)
    client.post(ENTRY, {"version": "0", "v-BM3-3.1.1": "1.250"})
    client.post(ENTRY, {"version": "1", "v-BM3-3.1.1": "1.300", "n-BM3-3.1.1": "bổ sung hồ sơ tháng 3"})
    save_values(
        submission_for(world.unit_a, world.period, 3),
        world.reporter_a,
        {"BM3-3.1.1": ("-", None)},
        channel="excel",
    )
    response = client.get(HISTORY)
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Lịch sử thay đổi: mục 3.1.1 «Tổng số hồ sơ TTHC đã giải quyết xong»" in page
    assert "(trống) → 1.250" in page
    assert "1.250 → 1.300" in page and "(trống) → bổ sung hồ sơ tháng 3" in page
    assert "1.300 → - " in page and "Tải lên Excel" in page
    assert page.count("Lê Văn A") >= 3 and page.count("Nhập trên web") == 2
    # Newest first.
    assert page.index("1.300 → -") < page.index("1.250 → 1.300") < page.index("(trống) → 1.250")


def test_it_shows_the_time_in_vietnam(world) -> None:
    client = world.client(world.reporter_a)
    client.post(ENTRY, {"version": "0", "v-BM3-3.1.1": "5"})
    ValueChange.objects.update(at=dt.datetime(2023, 3, 10, 2, 30, 5, tzinfo=dt.UTC))
    page = text(client.get(HISTORY).content.decode())
    assert "10/03/2023 09:30:05" in page


def test_it_returns_a_fragment_to_htmx(world) -> None:
    client = world.client(world.reporter_a)
    client.post(ENTRY, {"version": "0", "v-BM3-3.1.1": "5"})
    response = client.get(HISTORY, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="history" class="history">') and "<html" not in content
    assert "(trống) → 5" in text(content)


def test_the_entry_page_links_each_typed_row_to_its_history(world) -> None:
    content = world.client(world.reporter_a).get(ENTRY).content.decode()
    assert f'href="{HISTORY}" hx-get="{HISTORY}" hx-target="#history"' in content
    assert f'href="{ENTRY}lich-su/BM3-3.4.2/"' in content
    assert "lich-su/BM3-3.1/" not in content  # computed rows are never typed, so have no history


def test_a_cell_never_changed_says_so(world) -> None:
    page = text(world.client(world.viewer).get(HISTORY).content.decode())
    assert "Chỉ tiêu này chưa có thay đổi nào." in page


def test_a_row_the_unit_does_not_fill_in_has_no_history_page(world) -> None:
    client = world.client(world.reporter_a)
    assert client.get(ENTRY + "lich-su/BM3-3.2.1/").status_code == 404
    assert client.get(ENTRY + "lich-su/BM3-3/").status_code == 404
    assert client.get(ENTRY + "lich-su/BM9-1/").status_code == 404
