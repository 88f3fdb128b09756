"""The PAR Index start page: Sở Nội vụ opens a year for every department and commune; a unit's reporter
finds its own self-assessment there and on the start page."""

from __future__ import annotations

import datetime as dt

from cchc.web.org.models import OrgUnit
from cchc.web.par.models import Assessment, ParRound
from web.conftest import World


def _commune(world: World) -> OrgUnit:
    return OrgUnit.objects.create(
        code="phuong-hac-thanh",
        name="Phường Hạc Thành",
        level="xa",
        parent=world.province,
        valid_from=dt.date(2025, 7, 1),
        order=3,
    )


def test_the_reviewer_opens_a_year_for_every_department_and_commune_then(world: World) -> None:
    _commune(world)
    response = world.client(world.reviewer).post(
        "/chi-so-cchc/mo/", {"nam": "2025", "han": "15/01/2026"}, follow=True
    )
    assert "Đã mở đánh giá Chỉ số CCHC năm 2025 cho 2 đơn vị." in response.content.decode()
    round_ = ParRound.objects.get(year=2025)
    assert round_.self_deadline == dt.date(2026, 1, 15)
    # The district ended on 30/6/2025 and the province is not scored: a department and a commune.
    assert sorted(Assessment.objects.filter(round=round_).values_list("unit__code", "set_id")) == [
        ("phuong-hac-thanh", "thanh-hoa-xa-mau"),
        ("so-tu-phap", "thanh-hoa-so-mau"),
    ]
    again = world.client(world.reviewer).post(
        "/chi-so-cchc/mo/", {"nam": "2025", "han": "15/01/2026"}, follow=True
    )
    assert "đã mở từ trước" in again.content.decode()
    assert Assessment.objects.count() == 2


def test_a_year_without_a_criteria_set_or_a_bad_deadline_is_refused_with_the_reason(world: World) -> None:
    client = world.client(world.reviewer)
    no_set = client.post("/chi-so-cchc/mo/", {"nam": "2024", "han": "15/01/2025"}, follow=True)
    assert "Chưa có bộ tiêu chí Chỉ số CCHC nào cho sở, ban, ngành năm 2024." in no_set.content.decode()
    bad = client.post("/chi-so-cchc/mo/", {"nam": "2025", "han": "2026-01-15"}, follow=True)
    assert "hạn gửi tự đánh giá dạng ngày/tháng/năm" in bad.content.decode()
    assert not ParRound.objects.exists()


def test_only_the_province_opens_a_year(world: World) -> None:
    for user in (world.reporter_a, world.viewer):
        response = world.client(user).post("/chi-so-cchc/mo/", {"nam": "2025", "han": "15/01/2026"})
        assert response.status_code == 403
    assert not ParRound.objects.exists()


def test_a_reporter_finds_the_units_self_assessment_on_the_start_pages(world: World) -> None:
    world.client(world.reviewer).post("/chi-so-cchc/mo/", {"nam": "2025", "han": "15/01/2026"})
    page = world.client(world.reporter_a).get("/chi-so-cchc/").content.decode()
    assert 'href="/chi-so-cchc/2025/don-vi/so-tu-phap/"' in page
    assert "Đang nhập · hạn gửi 15/01/2026" in page
    assert "Các năm đánh giá" not in page  # the province's table is for Sở Nội vụ and viewers
    home = world.client(world.reporter_a).get("/").content.decode()
    assert "Tự đánh giá Chỉ số CCHC" in home and "hạn gửi Sở Nội vụ 15/01/2026" in home
    other = world.client(world.reporter_b).get("/chi-so-cchc/").content.decode()
    assert "so-tu-phap" not in other


def test_the_province_sees_each_year_by_status(world: World) -> None:
    _commune(world)
    world.client(world.reviewer).post("/chi-so-cchc/mo/", {"nam": "2025", "han": "15/01/2026"})
    Assessment.objects.filter(unit__code="so-tu-phap").update(status="approved")
    page = world.client(world.viewer).get("/chi-so-cchc/").content.decode()
    assert '<td class="num">1/2</td>' in page
    assert "Đang tự đánh giá" in page
    assert "Mở đánh giá" not in page  # a viewer opens nothing


def test_a_year_is_published_only_when_every_assessment_is_approved(world: World) -> None:
    _commune(world)
    client = world.client(world.reviewer)
    client.post("/chi-so-cchc/mo/", {"nam": "2025", "han": "15/01/2026"})
    Assessment.objects.filter(unit__code="so-tu-phap").update(status="approved")
    early = client.post("/chi-so-cchc/2025/cong-bo/", {"quyet-dinh": "512/QĐ-UBND"}, follow=True)
    assert (
        "Chưa công bố được: 1 bản tự đánh giá chưa duyệt, đầu tiên là của Phường Hạc Thành."
        in early.content.decode()
    )
    assert ParRound.objects.get(year=2025).published_at is None
    Assessment.objects.update(status="approved")
    done = client.post("/chi-so-cchc/2025/cong-bo/", {"quyet-dinh": " 512/QĐ-UBND "}, follow=True)
    assert "Đã ghi công bố Chỉ số CCHC năm 2025 theo Quyết định số 512/QĐ-UBND." in done.content.decode()
    round_ = ParRound.objects.get(year=2025)
    assert (round_.decision, round_.is_open, round_.published_at is not None) == ("512/QĐ-UBND", False, True)
    assert (
        world.client(world.reporter_a).post("/chi-so-cchc/2025/cong-bo/", {"quyet-dinh": "1"}).status_code
        == 403
    )


def test_the_reviewer_stops_taking_self_assessments_and_starts_again(world: World) -> None:
    client = world.client(world.reviewer)
    client.post("/chi-so-cchc/mo/", {"nam": "2025", "han": "15/01/2026"})
    client.post("/chi-so-cchc/2025/dong/")
    assert ParRound.objects.get(year=2025).is_open is False
    assert "Tự đánh giá Chỉ số CCHC" not in world.client(world.reporter_a).get("/").content.decode()
    client.post("/chi-so-cchc/2025/dong/", {"mo-lai": "1"})
    assert ParRound.objects.get(year=2025).is_open is True
