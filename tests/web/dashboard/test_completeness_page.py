"""The completeness page of a period: units × forms, on time or late, who has not reported."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import Status, Submission

URL = "/ky/2023Q1/"
UTC = dt.UTC


def submitted(unit: OrgUnit, period, form: int, at: dt.datetime, status: str = Status.SUBMITTED) -> None:
    """A form of `unit` sent at `at` (UTC)."""
    Submission.objects.create(unit=unit, period=period, form=form, status=status, submitted_at=at)


def unit_row(content: str, code: str) -> str:
    """The table row of one unit."""
    match = re.search(rf'<tr id="unit-{code}">.*?</tr>', content, re.S)
    assert match, f"no row for {code}"
    return match.group(0)


def test_it_tells_on_time_from_late_by_the_unit_deadline_in_vietnam_time(world) -> None:
    assert world.period.unit_deadline == dt.date(2023, 3, 16)
    # 23:59 on 16/03 in Hà Nội is on time; 00:30 on 17/03 is late, though both are 16/03 in UTC.
    submitted(world.unit_a, world.period, 3, dt.datetime(2023, 3, 16, 16, 59, tzinfo=UTC))
    submitted(world.unit_b, world.period, 3, dt.datetime(2023, 3, 16, 17, 30, tzinfo=UTC))
    content = world.client(world.reviewer).get(URL).content.decode()
    row_a, row_b = unit_row(content, "so-tu-phap"), unit_row(content, "huyen-nga-son")
    assert "16/03/2023 23:59" in row_a and "đúng hạn" in row_a and "muộn" not in row_a
    assert "17/03/2023 00:30" in row_b and "muộn" in row_b and "đúng hạn" not in row_b
    assert '<span class="status submitted">Đã gửi</span>' in row_a
    assert '<span class="status none">Chưa nhập</span>' in row_a


def test_it_counts_the_units_that_have_not_sent_each_form(world) -> None:
    submitted(world.unit_a, world.period, 3, dt.datetime(2023, 3, 10, tzinfo=UTC))
    submitted(world.unit_b, world.period, 3, dt.datetime(2023, 3, 10, tzinfo=UTC), Status.APPROVED)
    Submission.objects.create(unit=world.province, period=world.period, form=3, status=Status.RETURNED)
    content = world.client(world.viewer).get(URL).content.decode()
    # Form 3: the province's form was returned, so it is not reported; A and B have sent theirs.
    assert '<th class="num" id="missing-3">1</th>' in content
    # Form 2 has no rows for a department: only the province and the district owe it.
    assert '<th class="num" id="missing-2">2</th>' in content
    assert '<th class="num" id="missing-1">3</th>' in content


def test_it_lists_the_units_that_have_not_reported_and_which_forms_they_owe(world) -> None:
    commune = OrgUnit.objects.create(code="xa-nga-an", name="UBND xã Nga An", level="xa", parent=world.unit_b)
    for form in (2, 3, 7):
        submitted(commune, world.period, form, dt.datetime(2023, 3, 10, tzinfo=UTC))
    submitted(world.unit_a, world.period, 3, dt.datetime(2023, 3, 10, tzinfo=UTC))
    content = world.client(world.admin).get(URL).content.decode()
    listed = content[content.index("<h2>Đơn vị chưa báo cáo</h2>") :]
    assert re.search(r"Sở Tư pháp</a>:\s*chưa gửi biểu mẫu 1, 4, 5, 6, 7</li>", listed)
    assert re.search(r"UBND huyện Nga Sơn</a>:\s*chưa gửi biểu mẫu 1, 2, 3, 4, 5, 6, 7</li>", listed)
    assert "UBND xã Nga An" not in listed
    # A commune has no rows in Biểu mẫu 1: shown as not applicable, not as missing.
    assert 'title="Đơn vị cấp này không có chỉ tiêu trong biểu mẫu">—</span>' in unit_row(
        content, "xa-nga-an"
    )


def test_it_groups_the_units_by_level_and_leaves_out_units_not_in_force(world) -> None:
    OrgUnit.objects.create(
        code="xa-moi", name="UBND xã Mới Lập", level="xa", parent=world.unit_b, valid_from=dt.date(2025, 7, 1)
    )
    content = world.client(world.reviewer).get(URL).content.decode()
    positions = [
        content.index(f'<tr class="heading"><td colspan="8" class="card-title">{label}</td></tr>')
        for label in ("Cấp tỉnh", "Sở ban ngành", "UBND cấp huyện")
    ]
    assert positions == sorted(positions)
    assert (
        content.index("UBND tỉnh Thanh Hóa")
        < content.index("Sở Tư pháp")
        < content.index("UBND huyện Nga Sơn")
    )
    assert "UBND xã Mới Lập" not in content
    assert "UBND cấp xã</td>" not in content


def test_it_reads_the_submissions_in_one_query_however_many_units(world) -> None:
    client = world.client(world.reviewer)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(12):
        unit = OrgUnit.objects.create(
            code=f"so-{number}", name=f"Sở số {number}", level="so", order=10 + number
        )
        for form in (1, 3, 7):
            submitted(unit, world.period, form, dt.datetime(2023, 3, 10, tzinfo=UTC))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.status_code == 200 and "Sở số 11" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    # The table reads the submissions once; the period's findings above it read the values once (they
    # join the submissions too): a constant number of queries, whatever the number of units.
    touching = [sum("reporting_submission" in q["sql"] for q in run.captured_queries) for run in (few, many)]
    assert touching[0] == touching[1] <= 3


def test_a_unit_with_all_its_forms_sent_makes_the_list_say_everyone_reported(world) -> None:
    world.unit_b.delete()
    world.unit_a.delete()
    for form in (1, 2, 3, 4, 5, 6, 7):
        submitted(world.province, world.period, form, dt.datetime(2023, 3, 10, tzinfo=UTC), Status.APPROVED)
    content = world.client(world.reviewer).get(URL).content.decode()
    assert "Tất cả đơn vị đã gửi đủ các biểu mẫu." in content


def test_it_filters_the_units_by_what_their_forms_wait_for_with_counts(world) -> None:
    for form in (1, 3, 4, 5, 6, 7):  # every form a department reports (Biểu mẫu 2 has no rows for it)
        submitted(world.unit_a, world.period, form, dt.datetime(2023, 3, 10, tzinfo=UTC), Status.APPROVED)
    submitted(world.unit_b, world.period, 3, dt.datetime(2023, 3, 10, tzinfo=UTC))
    Submission.objects.create(unit=world.province, period=world.period, form=1, status=Status.RETURNED)
    client = world.client(world.reviewer)
    everyone = client.get(URL).content.decode()
    assert '<strong aria-current="true">Tất cả (3)</strong>' in everyone
    assert '<a href="?loc=chua-gui">Còn biểu chưa gửi (2)</a>' in everyone
    assert '<a href="?loc=cho-duyet">Có biểu chờ duyệt (1)</a>' in everyone
    assert '<a href="?loc=tra-lai">Có biểu bị trả lại (1)</a>' in everyone
    assert '<a href="?loc=da-duyet">Đã duyệt đủ (1)</a>' in everyone

    def rows(query: str) -> list[str]:
        return re.findall(r'<tr id="unit-([\w-]+)">', client.get(URL + query).content.decode())

    assert rows("?loc=chua-gui") == ["ubnd-tinh", "huyen-nga-son"]
    assert rows("?loc=cho-duyet") == ["huyen-nga-son"]
    assert rows("?loc=tra-lai") == ["ubnd-tinh"]
    assert rows("?loc=da-duyet") == ["so-tu-phap"]
    assert rows("?loc=khong-co") == ["ubnd-tinh", "so-tu-phap", "huyen-nga-son"]
