"""A unit scores its judgement criteria with evidence; computed criteria show the unit's figures, locked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.web.par.models import Score, ScoreChange
from cchc.web.par.services import ParConflictError, ParSaveError, SelfEntry, Upload, save_self_scores
from cchc.web.registers.models import PlanTask
from cchc.web.reporting.services import ensure_period
from cchc.web.reports.models import UnitEvidence
from cchc.web.reports.unit_reports import receive_evidence
from web.conftest import World
from web.par.sheet_world import PDF, ParWorld, evidence_of, make_par_world, store_figures


@pytest.fixture
def par(world: World) -> ParWorld:
    return make_par_world(world)


def test_points_without_evidence_are_refused_naming_the_criterion_and_nothing_is_saved(par: ParWorld) -> None:
    entries = [
        SelfEntry("1.7", Decimal("0")),
        SelfEntry("1.1", Decimal("1.5"), note="Kế hoạch số 12/KH-STP"),
    ]
    with pytest.raises(ParSaveError) as refused:
        save_self_scores(par.assessment, par.world.reporter_a, entries, 0)
    assert list(refused.value.problems) == ["1.1"]
    assert refused.value.problems["1.1"].startswith("Tiêu chí 1.1: 1,50 điểm cần tài liệu kiểm chứng")
    assert not Score.objects.exists()
    assert not ScoreChange.objects.exists()
    assert par.fresh().version == 0


def test_points_with_an_existing_evidence_file_are_kept_with_an_audit_row(par: ParWorld) -> None:
    plan = evidence_of(par.world, par.world.unit_a)
    outcome = save_self_scores(
        par.assessment,
        par.world.reporter_a,
        [SelfEntry("1.1", Decimal("1.5"), note="Kế hoạch số 12/KH-STP", evidence=(plan.pk,))],
        0,
        request_id="req-1",
    )
    assert (outcome.changed, outcome.version) == (1, 1)
    score = Score.objects.get(assessment=par.assessment, code="1.1")
    assert score.self_points == Decimal("1.5")
    assert list(score.evidence.all()) == [plan]
    change = ScoreChange.objects.get()
    assert (change.code, change.stage, change.old_text, change.new_text) == (
        "1.1",
        "self",
        "",
        "1,50 điểm; 1 tệp kiểm chứng",
    )
    assert (change.user, change.request_id, change.reason) == (
        par.world.reporter_a,
        "req-1",
        "Kế hoạch số 12/KH-STP",
    )


def test_a_register_item_of_the_unit_counts_as_evidence(par: ParWorld) -> None:
    task = PlanTask.objects.create(year=2025, title="Ban hành Kế hoạch CCHC năm 2025", unit=par.world.unit_a)
    save_self_scores(
        par.assessment,
        par.world.reporter_a,
        [SelfEntry("1.1", Decimal("1.5"), register="ke-hoach", register_item=task.pk)],
        0,
    )
    score = Score.objects.get(code="1.1")
    assert (score.register, score.register_item) == ("ke-hoach", task.pk)


def test_another_units_evidence_file_or_register_item_is_refused(par: ParWorld) -> None:
    theirs = evidence_of(par.world, par.other_unit)
    task = PlanTask.objects.create(year=2025, title="Kế hoạch của Sở Y tế", unit=par.other_unit)
    with pytest.raises(ParSaveError) as refused:
        save_self_scores(
            par.assessment,
            par.world.reporter_a,
            [
                SelfEntry("1.1", Decimal("1.5"), evidence=(theirs.pk,)),
                SelfEntry("1.3", Decimal("1"), register="ke-hoach", register_item=task.pk),
            ],
            0,
        )
    assert refused.value.problems == {
        "1.1": "Tiêu chí 1.1: tệp kiểm chứng đã chọn không phải của đơn vị trong năm 2025; tải lại trang rồi chọn lại.",
        "1.3": "Tiêu chí 1.3: mục sổ theo dõi đã chọn không phải của đơn vị; chọn lại.",
    }


def test_the_units_own_file_of_another_year_is_refused_as_evidence(par: ParWorld) -> None:
    last_year = receive_evidence(
        par.world.unit_a, ensure_period("2024Y"), par.world.reporter_a, "ke-hoach-2024.pdf", PDF
    )
    with pytest.raises(ParSaveError) as refused:
        save_self_scores(
            par.assessment,
            par.world.reporter_a,
            [SelfEntry("1.1", Decimal("1.5"), evidence=(last_year.pk,))],
            0,
        )
    assert refused.value.problems == {
        "1.1": "Tiêu chí 1.1: tệp kiểm chứng đã chọn không phải của đơn vị trong năm 2025; tải lại trang rồi chọn lại."
    }
    assert not Score.objects.exists()


def test_a_refused_save_keeps_none_of_the_files_uploaded_with_it(par: ParWorld) -> None:
    with pytest.raises(ParSaveError) as refused:
        save_self_scores(
            par.assessment,
            par.world.reporter_a,
            [
                SelfEntry("1.1", Decimal("1.5"), uploads=(Upload("ke-hoach.pdf", PDF),)),
                SelfEntry("1.3", Decimal("1.5")),
            ],
            0,
        )
    assert list(refused.value.problems) == ["1.3"]
    assert not UnitEvidence.objects.exists()
    assert not Score.objects.exists()


def test_not_applicable_needs_the_sets_leave_and_a_reason(par: ParWorld) -> None:
    with pytest.raises(ParSaveError) as refused:
        save_self_scores(
            par.assessment,
            par.world.reporter_a,
            [SelfEntry("1.1", not_applicable=True, note="x"), SelfEntry("4.4", not_applicable=True)],
            0,
        )
    assert refused.value.problems["1.1"].startswith(
        "Tiêu chí 1.1: bộ tiêu chí không cho phép «không áp dụng»"
    )
    assert refused.value.problems["4.4"] == "Tiêu chí 4.4: ghi lý do không áp dụng."
    save_self_scores(
        par.assessment,
        par.world.reporter_a,
        [SelfEntry("4.4", not_applicable=True, note="Sở không có đơn vị sự nghiệp")],
        0,
    )
    assert Score.objects.get(code="4.4").self_not_applicable


def test_a_computed_criterion_cannot_be_typed(par: ParWorld) -> None:
    with pytest.raises(ParSaveError) as refused:
        save_self_scores(par.assessment, par.world.reporter_a, [SelfEntry("3.1", Decimal("6"))], 0)
    assert refused.value.problems == {
        "3.1": "Tiêu chí 3.1: điểm tính từ số liệu (Tính từ số liệu), không chấm tay."
    }


def test_a_save_started_from_an_older_version_is_refused_not_merged(par: ParWorld) -> None:
    plan = evidence_of(par.world, par.world.unit_a)
    save_self_scores(
        par.assessment, par.world.reporter_a, [SelfEntry("1.1", Decimal("1.5"), evidence=(plan.pk,))], 0
    )
    with pytest.raises(ParConflictError):
        save_self_scores(
            par.assessment, par.world.reporter_a, [SelfEntry("1.1", Decimal("0.75"), evidence=(plan.pk,))], 0
        )
    assert Score.objects.get(code="1.1").self_points == Decimal("1.5")
    assert ScoreChange.objects.count() == 1


def test_another_units_reporter_may_not_score(par: ParWorld) -> None:
    with pytest.raises(PermissionDenied):
        save_self_scores(par.other, par.world.reporter_a, [SelfEntry("1.7", Decimal("0"))], 0)


# --- the page -------------------------------------------------------------------------------------------


def test_the_sheet_shows_criterion_3_1_computed_from_the_units_2025_figures_with_links(par: ParWorld) -> None:
    store_figures(par.world.unit_a, 3, {"BM3-3.1.1": 200, "BM3-3.1.2": 190})
    page = par.client(par.world.reporter_a).get(par.url)
    assert page.status_code == 200
    row = page.context["rows"][[r.code for r in page.context["rows"]].index("3.1")]
    assert row.computed and row.self_shown == "5,70 điểm"
    assert [(f.code, f.value, f.url) for f in row.figures] == [
        ("BM3-3.1.2", "190", "/ky/2025Y/don-vi/so-tu-phap/bieu/3/"),
        ("BM3-3.1.1", "200", "/ky/2025Y/don-vi/so-tu-phap/bieu/3/"),
    ]
    html = page.content.decode()
    assert 'href="/ky/2025Y/don-vi/so-tu-phap/bieu/3/"' in html
    assert "6 × 190 ÷ 200 = 5,70 điểm." in html
    assert 'name="p-3.1"' not in html
    assert 'name="p-1.1"' in html


def test_a_criterion_without_figures_says_so(par: ParWorld) -> None:
    page = par.client(par.world.reporter_a).get(par.url)
    row = next(r for r in page.context["rows"] if r.code == "3.1")
    assert row.state == "chưa có số liệu"
    assert "Chưa có số liệu" in page.content.decode()


def test_a_typed_score_for_a_computed_criterion_is_refused_on_the_page(par: ParWorld) -> None:
    page = par.client(par.world.reporter_a).post(par.url, {"version": "0", "p-3.1": "6"})
    assert page.status_code == 422
    assert "Tiêu chí 3.1: điểm tính từ số liệu (Tính từ số liệu), không chấm tay." in page.content.decode()
    assert not Score.objects.exists()


def test_the_page_saves_points_with_an_uploaded_file_and_shows_it(par: ParWorld) -> None:
    client = par.client(par.world.reporter_a)
    upload = SimpleUploadedFile("ke-hoach-cchc.pdf", PDF, content_type="application/pdf")
    response = client.post(
        par.url, {"version": "0", "p-1.1": "1,5", "n-1.1": "KH 12/KH-STP", "f-1.1": [upload]}
    )
    assert response.status_code == 302
    score = Score.objects.get(code="1.1")
    assert score.self_points == Decimal("1.5")
    kept = score.evidence.get()
    assert kept.name == "ke-hoach-cchc.pdf" and kept.period.code == "2025Y"
    page = client.get(par.url).content.decode()
    assert f'href="/ky/2025Y/don-vi/so-tu-phap/bao-cao/kiem-chung/{kept.pk}/"' in page


def test_the_page_refuses_points_without_evidence_and_keeps_what_was_typed(par: ParWorld) -> None:
    page = par.client(par.world.reporter_a).post(par.url, {"version": "0", "p-1.1": "1,5", "n-1.1": "KH 12"})
    assert page.status_code == 422
    html = page.content.decode()
    assert "Tiêu chí 1.1: 1,50 điểm cần tài liệu kiểm chứng" in html
    assert 'value="1,5"' in html and "KH 12</textarea>" in html
    assert not Score.objects.exists()


def test_the_page_names_a_criterion_whose_points_are_not_a_number(par: ParWorld) -> None:
    page = par.client(par.world.reporter_a).post(par.url, {"version": "0", "p-1.7": "một"})
    assert page.status_code == 422
    assert "Tiêu chí 1.7: «một» không phải số điểm; ghi số, ví dụ 1,5." in page.content.decode()


def test_the_totals_add_the_units_points(par: ParWorld) -> None:
    store_figures(par.world.unit_a, 3, {"BM3-3.1.1": 200, "BM3-3.1.2": 190})
    plan = evidence_of(par.world, par.world.unit_a)
    save_self_scores(
        par.assessment, par.world.reporter_a, [SelfEntry("1.1", Decimal("1.5"), evidence=(plan.pk,))], 0
    )
    totals = par.client(par.world.reporter_a).get(par.url).context["totals"]
    # 5,7 (3.1) + 1,5 (1.1); nothing does not apply: the maximum stays 100.
    assert (totals["self_points"], totals["max_applicable"], totals["index"]) == ("7,20", "100", "7,20")


def test_another_units_sheet_is_a_404_for_a_reporter(par: ParWorld) -> None:
    client = par.client(par.world.reporter_a)
    assert client.get(f"/chi-so-cchc/2025/don-vi/{par.other_unit.code}/").status_code == 404
    assert (
        client.post(f"/chi-so-cchc/2025/don-vi/{par.other_unit.code}/", {"version": "0"}).status_code == 404
    )


def test_a_viewer_reads_the_sheet_without_inputs(par: ParWorld) -> None:
    page = par.client(par.world.viewer).get(par.url)
    assert page.status_code == 200
    assert 'name="p-1.1"' not in page.content.decode()
    assert par.client(par.world.viewer).post(par.url, {"version": "0", "p-1.7": "0"}).status_code == 403


def test_a_file_of_an_unknown_kind_is_refused_naming_the_criterion(par: ParWorld) -> None:
    upload = SimpleUploadedFile("ke-hoach.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    page = par.client(par.world.reporter_a).post(par.url, {"version": "0", "p-1.1": "1,5", "f-1.1": [upload]})
    assert page.status_code == 422
    assert "Tiêu chí 1.1: Tệp «ke-hoach.exe» không nhận được" in page.content.decode()
    assert not UnitEvidence.objects.exists() and not Score.objects.exists()


def test_the_page_cites_a_register_item_and_links_to_it(par: ParWorld) -> None:
    task = PlanTask.objects.create(year=2025, title="Ban hành Kế hoạch CCHC năm 2025", unit=par.world.unit_a)
    client = par.client(par.world.reporter_a)
    page = client.get(par.url).content.decode()
    assert (
        f'<option value="ke-hoach:{task.pk}">Kế hoạch CCHC 2025: Ban hành Kế hoạch CCHC năm 2025</option>'
        in page
    )
    response = client.post(par.url, {"version": "0", "p-1.1": "1,5", "r-1.1": f"ke-hoach:{task.pk}"})
    assert response.status_code == 302
    page = client.get(par.url).content.decode()
    assert f'href="/so-theo-doi/ke-hoach/{task.pk}/"' in page


def test_the_page_keeps_not_applicable_with_its_reason_and_shows_it_in_the_history(par: ParWorld) -> None:
    client = par.client(par.world.reporter_a)
    response = client.post(
        par.url, {"version": "0", "p-4.4": "", "na-4.4": "1", "n-4.4": "Sở không có đơn vị sự nghiệp"}
    )
    assert response.status_code == 302
    page = client.get(par.url)
    row = next(r for r in page.context["rows"] if r.code == "4.4")
    assert row.self_shown == "không áp dụng"
    # 4.4 leaves the maximum: 100 − 2.
    assert page.context["totals"]["max_applicable"] == "98"
    change = page.context["changes"][0]
    assert (change.code, change.old_text, change.new_text) == ("4.4", "", "không áp dụng")
    assert "Sở không có đơn vị sự nghiệp" in page.content.decode()
