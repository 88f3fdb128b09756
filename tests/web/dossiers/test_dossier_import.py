"""Importing a period's dossier files on the web: figures into the forms, drill-down, scoping, refusals."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.dossiers import engine, load_mapping
from cchc.dossiers.workdays import DEFAULT_FILE as DEFAULT_CALENDAR
from cchc.dossiers.workdays import calendar_table, parse_calendar
from cchc.web.dossiers import services
from cchc.web.dossiers.models import CalendarVersion, DossierImport
from cchc.web.reporting.models import Channel, Value, ValueChange
from cchc.web.reporting.services import save_values, submission_for, transition

HAND_CHECKED = Path(__file__).parents[2] / "dossiers" / "data" / "hand-checked-2023q1.csv"


@pytest.fixture(autouse=True)
def inline_imports(settings, tmp_path, monkeypatch) -> None:
    """Imports run inside the request and keep their files in a temporary data folder."""
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(services, "RUNNER", [services.run_import])


def _upload(client, content: bytes, name: str = "mot-cua.csv", mapping: str = "cchc", system: str = ""):
    return client.post(
        "/ho-so/nhap/",
        {
            "period": "2023Q1",
            "mapping": mapping,
            "system": system,
            "files": SimpleUploadedFile(name, content),
        },
    )


def _figures(unit) -> dict[str, tuple[str, str]]:
    return {
        value.code: (value.text, value.source)
        for value in Value.objects.filter(submission__unit=unit, submission__period__code="2023Q1")
    }


def test_an_import_writes_each_units_figures_into_its_forms_with_their_source(world) -> None:
    response = _upload(world.client(world.reviewer), HAND_CHECKED.read_bytes())
    record = DossierImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ho-so/nhap/{record.pk}/"
    assert (record.status, record.rows, record.progress) == ("done", 26, 100)
    source = _figures(world.unit_a)["BM3-3.1.1"][1]
    assert source.startswith("Hồ sơ TTHC (nhập ngày ")
    department = {code: text for code, (text, _) in _figures(world.unit_a).items()}
    assert department == {"BM3-3.1.1": "6", "BM3-3.1.2": "3", "BM7-6.7.1": "6", "BM7-6.7.2": "2"}
    district = {code: text for code, (text, _) in _figures(world.unit_b).items()}
    assert district == {
        "BM3-3.2.1": "4",
        "BM3-3.2.2": "3",
        "BM3-3.3.1": "5",
        "BM3-3.3.2": "4",
        "BM7-6.7.1": "10",
        "BM7-6.7.2": "5",
    }
    province = {code: text for code, (text, _) in _figures(world.province).items()}
    assert (province["BM7-6.4.2"], province["BM7-6.5.2"], province["BM7-6.8.1"]) == ("1", "2", "2")
    assert set(ValueChange.objects.values_list("channel", flat=True)) == {Channel.DOSSIER}
    page = world.client(world.reviewer).get(f"/ho-so/nhap/{record.pk}/").content.decode()
    assert "Biểu 06/VPCP/KSTT" in page and "Tỷ lệ hồ sơ giải quyết đúng hạn (Biểu mẫu 3, Bộ Nội vụ)" in page


def test_the_entry_page_opens_a_figure_to_the_dossiers_behind_it(world) -> None:
    _upload(world.client(world.reviewer), HAND_CHECKED.read_bytes())
    reporter = world.client(world.reporter_a)
    entry = reporter.get("/ky/2023Q1/don-vi/so-tu-phap/bieu/3/").content.decode()
    record = DossierImport.objects.get()
    link = f"/ho-so/nhap/{record.pk}/danh-sach/?chi-tieu=BM3-3.1.2&amp;don-vi=so-tu-phap"
    assert link in entry
    listing = reporter.get(link.replace("&amp;", "&")).content.decode()
    assert '<strong id="dossier-total">3 hồ sơ</strong>' in listing
    for dossier in ("T02", "T05", "T06"):
        assert f"<td>{dossier}</td>" in listing
    export = reporter.get(link.replace("&amp;", "&") + "&dinh-dang=csv")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 4 and {line.split(",")[0] for line in lines[1:]} == {"T02", "T05", "T06"}


def test_a_reporter_sees_only_the_dossiers_of_their_own_unit(world) -> None:
    _upload(world.client(world.reviewer), HAND_CHECKED.read_bytes())
    record = DossierImport.objects.get()
    reporter = world.client(world.reporter_a)
    base = f"/ho-so/nhap/{record.pk}/danh-sach/"
    assert reporter.get(base + "?chi-tieu=BM3-3.2.1&don-vi=huyen-nga-son").status_code == 404
    assert reporter.get(base + "?nhom=overdue").status_code == 404
    assert reporter.get(base + "?nhom=overdue&don-vi=huyen-nga-son&dinh-dang=csv").status_code == 404
    assert reporter.get(base + "?nhom=received&don-vi=so-tu-phap").status_code == 200
    assert reporter.get(f"/ho-so/nhap/{record.pk}/").status_code == 403
    assert reporter.get("/ho-so/").status_code == 403


def test_only_the_reviewer_and_the_administrator_may_import(world) -> None:
    for user in (world.reporter_a, world.viewer):
        assert _upload(world.client(user), HAND_CHECKED.read_bytes()).status_code == 403
    assert not DossierImport.objects.exists()
    assert _upload(world.client(world.admin), HAND_CHECKED.read_bytes()).status_code == 302


def test_a_file_with_a_bad_row_is_refused_whole_naming_the_line_and_the_forms_stay_as_they_were(
    world,
) -> None:
    text = HAND_CHECKED.read_text(encoding="utf-8").replace("05/12/2022 08:00", "32/12/2022 08:00", 1)
    _upload(world.client(world.reviewer), text.encode("utf-8"))
    record = DossierImport.objects.get()
    assert record.status == "failed"
    assert any("dòng 2:" in problem for problem in record.problems), record.problems
    assert not Value.objects.exists()
    page = world.client(world.reviewer).get(f"/ho-so/nhap/{record.pk}/").content.decode()
    assert "Không nhập được" in page and "dòng 2" in page


def test_a_submitted_form_is_not_changed_and_the_import_says_so(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("10", None), "BM3-3.1.2": ("9", None)})
    transition(form, world.reporter_a, "submit")
    _upload(world.client(world.reviewer), HAND_CHECKED.read_bytes())
    record = DossierImport.objects.get()
    assert record.status == "done"
    assert any("Sở Tư pháp, Biểu mẫu 3" in notice for notice in record.notices)
    assert _figures(world.unit_a)["BM3-3.1.1"] == ("10", "")


def test_a_file_type_the_importer_cannot_read_is_refused_before_anything_is_stored(world) -> None:
    response = _upload(world.client(world.reviewer), b"%PDF-1.4", name="bao-cao.pdf")
    assert response.status_code == 302 and response["Location"] == "/ho-so/"
    assert not DossierImport.objects.exists()


def test_a_reimport_replaces_the_figures_of_the_previous_one_and_hands_back_rows_it_no_longer_fills(
    world,
) -> None:
    client = world.client(world.reviewer)
    _upload(client, HAND_CHECKED.read_bytes())
    lines = HAND_CHECKED.read_text(encoding="utf-8").splitlines()
    # The same export without Sở Tư pháp's dossiers.
    without = "\n".join(line for line in lines if ",so-tu-phap," not in line) + "\n"
    _upload(client, without.encode("utf-8"))
    first, second = DossierImport.objects.order_by("pk")
    assert second.status == "done"
    assert _figures(world.unit_a) == {}
    assert _figures(world.unit_b)["BM3-3.2.1"][0] == "4"
    # The earlier import's files gave way; its page still shows its figures.
    assert not first.store.exists() and second.store.exists()
    assert (
        world.client(world.reviewer).get(f"/ho-so/nhap/{first.pk}/danh-sach/?nhom=overdue").status_code == 404
    )
    assert "Biểu 06/VPCP/KSTT" in client.get(f"/ho-so/nhap/{first.pk}/").content.decode()


def test_an_unexpected_failure_fails_the_import_instead_of_leaving_it_running(world, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "write_sourced_values", broken)
    _upload(world.client(world.reviewer), HAND_CHECKED.read_bytes())
    record = DossierImport.objects.get()
    assert record.status == "failed"
    assert record.problems == ["Lỗi hệ thống khi nhập hồ sơ; biểu mẫu không thay đổi. Hãy báo quản trị."]
    assert not record.folder.exists()
    assert not Value.objects.exists()


def test_an_import_cut_off_by_a_restart_is_marked_failed(world) -> None:
    record = DossierImport.objects.create(
        period=world.period, file_names="a.csv", mapping="cchc", status="running", progress=50
    )
    page = world.client(world.reviewer).get(f"/ho-so/nhap/{record.pk}/").content.decode()
    record.refresh_from_db()
    assert record.status == "failed"
    assert "Việc nhập bị ngắt giữa chừng (máy chủ khởi động lại). Hãy nhập lại tệp." in page


def test_a_province_figure_opens_only_for_the_province(world) -> None:
    _upload(world.client(world.reviewer), HAND_CHECKED.read_bytes())
    record = DossierImport.objects.get()
    base = f"/ho-so/nhap/{record.pk}/danh-sach/?chi-tieu=BM7-6.8.1"
    assert world.client(world.reporter_a).get(base + "&don-vi=so-tu-phap").status_code == 404
    page = world.client(world.reviewer).get(base + "&don-vi=ubnd-tinh").content.decode()
    assert "Hồ sơ của chỉ tiêu 6.8.1 — UBND tỉnh Thanh Hóa" in page


def _second_system(ids: dict[str, str]) -> bytes:
    """Some hand-checked dossiers as another one-stop system exports them (mapping «mot-cua»).

    `ids` maps the dossiers kept to their ids in that system.
    """
    headers = load_mapping("mot-cua").columns
    rows = list(csv.reader(HAND_CHECKED.read_text(encoding="utf-8").splitlines()))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([headers[name] for name in rows[0]])
    writer.writerows([ids[row[0]], *row[1:]] for row in rows[1:] if row[0] in ids)
    return out.getvalue().encode("utf-8")


def test_each_one_stop_system_counts_with_its_latest_import(world) -> None:
    client = world.client(world.reviewer)
    _upload(client, HAND_CHECKED.read_bytes())
    _upload(
        client,
        _second_system({"T02": "MC-1", "T03": "MC-2", "T05": "MC-3", "T12": "MC-4"}),
        "mc.csv",
        "mot-cua",
    )
    first, second = DossierImport.objects.order_by("pk")
    assert second.status == "done" and second.sources == [second.pk, first.pk]
    # The second system's figures for Sở Tư pháp, by the hand count of tests/dossiers: T02 early, T03
    # late, T05 on time, T12 late → 4 resolved, 2 in time, on top of the first system's 6 and 3.
    assert _figures(world.unit_a)["BM3-3.1.1"][0] == "10"
    assert _figures(world.unit_a)["BM3-3.1.2"][0] == "5"
    assert first.store.exists() and second.store.exists()
    listing = client.get(
        f"/ho-so/nhap/{second.pk}/danh-sach/?nhom=resolved&noi-xu-ly=so-tu-phap"
    ).content.decode()
    assert "MC-4" in listing and "T12" in listing
    page = client.get(f"/ho-so/nhap/{second.pk}/").content.decode()
    assert "Số liệu dưới đây cộng cả hồ sơ của" in page and "mot-cua.csv" in page

    # A new export of the first system replaces only the first system's import.
    lines = HAND_CHECKED.read_text(encoding="utf-8").splitlines()
    without = "\n".join(line for line in lines if ",so-tu-phap," not in line) + "\n"
    _upload(client, without.encode("utf-8"))
    third = DossierImport.objects.order_by("pk").last()
    assert third.status == "done" and third.sources == [third.pk, second.pk]
    assert not first.store.exists() and second.store.exists()
    assert (_figures(world.unit_a)["BM3-3.1.1"][0], _figures(world.unit_a)["BM3-3.1.2"][0]) == ("4", "2")
    assert _figures(world.unit_b)["BM3-3.2.1"][0] == "4"
    # The second import's figures counted the first system's old export: its list is gone with it.
    assert client.get(f"/ho-so/nhap/{second.pk}/danh-sach/?nhom=resolved").status_code == 404


def test_two_systems_sharing_a_dossier_are_refused_and_the_forms_stay(world) -> None:
    client = world.client(world.reviewer)
    _upload(client, HAND_CHECKED.read_bytes())
    before = _figures(world.unit_a)
    _upload(client, _second_system({"T01": "T01", "T12": "MC-4"}), "mc.csv", "mot-cua")
    failed = DossierImport.objects.order_by("pk").last()
    assert failed.status == "failed"
    assert failed.problems[0] == (
        "Mã hồ sơ «T01» đã có trong lần nhập «mot-cua.csv» (hệ thống «Bố cục chuẩn») của kỳ."
    )
    assert "hãy ghi đúng tên hệ thống đó để thay lần nhập cũ" in failed.problems[1]
    assert _figures(world.unit_a) == before


def _calendar_with_day_off(day: str) -> bytes:
    """The shipped calendar with one more day off in 2023."""
    text = DEFAULT_CALENDAR.read_text(encoding="utf-8")
    tet = '"20/01/2023", "23/01/2023"'
    assert tet in text
    return text.replace(tet, f'"{day}", {tet}').encode("utf-8")


def _district_row(record: DossierImport) -> dict:
    return next(row for row in record.results["units"] if row["unit_code"] == "huyen-nga-son")


def test_an_import_counts_with_the_calendar_in_force_when_uploaded_and_keeps_it(world) -> None:
    client = world.client(world.reviewer)
    _upload(client, HAND_CHECKED.read_bytes())
    shipped = DossierImport.objects.get()
    # H02 (3 working days from Thu 19/01/2023, resolved 31/01): due 31/01 with the shipped calendar → on
    # time; with Mon 30/01 off too, due 01/02 → early.
    assert (_district_row(shipped)["early"], _district_row(shipped)["on_time"]) == (1, 2)
    upload = SimpleUploadedFile("lich-2023.toml", _calendar_with_day_off("30/01/2023"))
    response = client.post("/ho-so/lich/tai-len/", {"calendar": upload})
    assert response.status_code == 302 and response["Location"] == "/ho-so/lich/"
    page = client.get("/ho-so/lich/").content.decode()
    assert "«lich-2023.toml»" in page and "30/01" in page

    _upload(client, HAND_CHECKED.read_bytes())
    moved = DossierImport.objects.order_by("pk").last()
    assert moved.calendar.file_name == "lich-2023.toml"
    assert (_district_row(moved)["early"], _district_row(moved)["on_time"]) == (2, 1)
    early = f"/ho-so/nhap/{moved.pk}/danh-sach/?nhom=early&noi-xu-ly=huyen-nga-son"
    assert "H02" in client.get(early).content.decode()

    # A later calendar is for later imports: this import's list keeps the calendar it was counted with.
    client.post(
        "/ho-so/lich/tai-len/", {"calendar": SimpleUploadedFile("lai.toml", DEFAULT_CALENDAR.read_bytes())}
    )
    assert "H02" in client.get(early).content.decode()
    download = client.get("/ho-so/lich/lich-lam-viec.toml")
    assert download.content == DEFAULT_CALENDAR.read_bytes()
    assert b'"30/01/2023"' in client.get(f"/ho-so/lich/{moved.calendar.pk}/lich-lam-viec.toml").content


def test_an_import_keeps_the_text_of_the_shipped_calendar_it_counted_with(world, monkeypatch) -> None:
    client = world.client(world.reviewer)
    _upload(client, HAND_CHECKED.read_bytes())
    record = DossierImport.objects.get()
    assert record.calendar is None and record.calendar_text == DEFAULT_CALENDAR.read_text(encoding="utf-8")
    # A later release ships a calendar with Mon 30/01/2023 off, which would make H02 early: this import's
    # list keeps H02 on time, as counted.
    released = parse_calendar(_calendar_with_day_off("30/01/2023").decode("utf-8"))
    monkeypatch.setattr(engine, "default_calendar", lambda: released)
    monkeypatch.setattr(engine, "default_calendar_table", lambda: calendar_table(released))
    on_time = f"/ho-so/nhap/{record.pk}/danh-sach/?nhom=on_time&noi-xu-ly=huyen-nga-son"
    assert "H02" in client.get(on_time).content.decode()


def test_a_calendar_that_does_not_read_is_refused_and_the_one_in_force_stays(world) -> None:
    client = world.client(world.reviewer)
    bad = _calendar_with_day_off("31/02/2023")
    response = client.post(
        "/ho-so/lich/tai-len/", {"calendar": SimpleUploadedFile("sai.toml", bad)}, follow=True
    )
    page = response.content.decode()
    assert (
        "Tệp «sai.toml»: lịch ngày làm việc [years.2023] days_off: «31/02/2023» không phải ngày dạng NN/TT/NNNN."
        in page
    )
    assert not CalendarVersion.objects.exists()
    assert "lịch có sẵn của phần mềm" in page


def test_only_the_reviewer_and_the_administrator_may_change_the_calendar(world) -> None:
    upload = SimpleUploadedFile("lich.toml", DEFAULT_CALENDAR.read_bytes())
    assert world.client(world.viewer).post("/ho-so/lich/tai-len/", {"calendar": upload}).status_code == 403
    assert world.client(world.reporter_a).get("/ho-so/lich/").status_code == 403
    assert not CalendarVersion.objects.exists()


def test_a_calendar_of_the_wrong_shape_or_missing_years_is_refused_with_its_reason(world) -> None:
    client = world.client(world.reviewer)
    shape = client.post(
        "/ho-so/lich/tai-len/", {"calendar": SimpleUploadedFile("x.toml", b"years = 5\n")}, follow=True
    )
    assert "Tệp «x.toml»: lịch ngày làm việc [years]: phải là các bảng [years.NNNN] (đang là «5»)." in (
        shape.content.decode()
    )
    only_2027 = b'[years.2027]\nsource = "TB"\ndays_off = ["08/02/2027"]\n'
    partial = client.post(
        "/ho-so/lich/tai-len/", {"calendar": SimpleUploadedFile("2027.toml", only_2027)}, follow=True
    )
    assert (
        "Tệp «2027.toml» thiếu năm 2022, 2023, 2024, 2025 của lịch đang dùng: hãy tải lịch đang dùng về, "
        "thêm hoặc sửa năm cần đổi rồi tải lên." in partial.content.decode()
    )
    assert not CalendarVersion.objects.exists()


def test_a_reporter_cannot_download_a_calendar_version(world) -> None:
    version = CalendarVersion.objects.create(
        text=DEFAULT_CALENDAR.read_text(encoding="utf-8"), file_name="a.toml"
    )
    reporter = world.client(world.reporter_a)
    assert reporter.get(f"/ho-so/lich/{version.pk}/lich-lam-viec.toml").status_code == 403
    assert reporter.get("/ho-so/lich/lich-lam-viec.toml").status_code == 403


def test_two_systems_with_the_same_export_layout_count_together_when_named(world) -> None:
    client = world.client(world.reviewer)
    _upload(client, HAND_CHECKED.read_bytes(), system="Một cửa cấp tỉnh")
    lines = HAND_CHECKED.read_text(encoding="utf-8").splitlines()
    other = [lines[0], *(line.replace("T02,", "K02,", 1) for line in lines if line.startswith("T02,"))]
    _upload(client, ("\n".join(other) + "\n").encode("utf-8"), "k.csv", system="Một cửa khu kinh tế")
    first, second = DossierImport.objects.order_by("pk")
    assert second.status == "done" and second.sources == [second.pk, first.pk]
    # K02 is T02 again under another system: resolved early, so 6 + 1 resolved, 3 + 1 in time.
    assert (_figures(world.unit_a)["BM3-3.1.1"][0], _figures(world.unit_a)["BM3-3.1.2"][0]) == ("7", "4")
    page = client.get("/ho-so/").content.decode()
    assert "Một cửa khu kinh tế" in page and "Một cửa cấp tỉnh" in page


def test_an_earlier_upload_of_a_system_finishing_after_a_later_one_does_not_overwrite_it(
    world, monkeypatch
) -> None:
    client = world.client(world.reviewer)
    monkeypatch.setattr(services, "RUNNER", [lambda pk: None])  # the earlier upload waits
    _upload(client, HAND_CHECKED.read_bytes())
    earlier = DossierImport.objects.get()
    lines = HAND_CHECKED.read_text(encoding="utf-8").splitlines()
    without = "\n".join(line for line in lines if ",so-tu-phap," not in line) + "\n"
    monkeypatch.setattr(services, "RUNNER", [services.run_import])
    _upload(client, without.encode("utf-8"))
    later = DossierImport.objects.order_by("pk").last()
    assert later.status == "done" and _figures(world.unit_a) == {}
    services.run_import(earlier.pk)
    earlier.refresh_from_db()
    assert earlier.status == "failed"
    assert earlier.problems == [
        "Hệ thống «Bố cục chuẩn» đã có lần nhập mới hơn cho kỳ này trong lúc lần nhập này đang chạy; lần nhập "
        "này không ghi vào biểu mẫu."
    ]
    assert _figures(world.unit_a) == {} and later.store.exists()
    assert services.latest_import(later.period) == later


def test_an_import_counts_and_writes_under_its_periods_lock(world, monkeypatch) -> None:
    held = []

    def watching(name):
        real = getattr(services, name)

        def watched(record, *args, **kwargs):
            period = record.pk if name == "systems_in_force" else record.period_id
            held.append((name, services.period_lock(period).locked()))
            return real(record, *args, **kwargs)

        monkeypatch.setattr(services, name, watched)

    watching("systems_in_force")
    watching("write_figures")
    _upload(world.client(world.reviewer), HAND_CHECKED.read_bytes())
    assert held == [("systems_in_force", True), ("write_figures", True)]
    assert not services.period_lock(world.period.pk).locked()


def test_an_import_from_before_systems_were_named_counts_with_a_new_system(world) -> None:
    client = world.client(world.reviewer)
    _upload(client, HAND_CHECKED.read_bytes())
    old = DossierImport.objects.get()
    # As the migration leaves it: no sources, no kept calendar, the mapping's name as its system.
    DossierImport.objects.filter(pk=old.pk).update(sources=[], calendar_text="")
    _upload(client, _second_system({"T02": "MC-1"}), "mc.csv", "mot-cua")
    new = DossierImport.objects.order_by("pk").last()
    assert new.status == "done" and new.sources == [new.pk, old.pk]
    assert _figures(world.unit_a)["BM3-3.1.1"][0] == "7"
    old.refresh_from_db()
    assert client.get(f"/ho-so/nhap/{old.pk}/danh-sach/?nhom=resolved").status_code == 200


def test_the_import_counted_last_is_the_one_in_force_whatever_the_upload_order(world, monkeypatch) -> None:
    client = world.client(world.reviewer)
    monkeypatch.setattr(services, "RUNNER", [lambda pk: None])  # system X's upload waits
    _upload(client, HAND_CHECKED.read_bytes())
    x = DossierImport.objects.get()
    monkeypatch.setattr(services, "RUNNER", [services.run_import])
    _upload(client, _second_system({"T02": "MC-1"}), "mc.csv", "mot-cua")
    y = DossierImport.objects.order_by("pk").last()
    services.run_import(x.pk)
    x.refresh_from_db()
    assert x.sources == [x.pk, y.pk]
    assert services.latest_import(x.period) == x
    assert _figures(world.unit_a)["BM3-3.1.1"][0] == "7"


def test_a_replaced_import_keeps_its_results_and_says_why_its_list_is_gone(world) -> None:
    client = world.client(world.reviewer)
    _upload(client, HAND_CHECKED.read_bytes(), system="Một cửa tỉnh")
    _upload(client, HAND_CHECKED.read_bytes(), system="một  cửa TỈNH")
    first, second = DossierImport.objects.order_by("pk")
    assert second.system == "Một cửa tỉnh" and second.sources == [second.pk]
    assert not first.store.exists() and second.store.exists()
    workbook = client.get(f"/ho-so/nhap/{first.pk}/ket-qua.xlsx")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    gone = client.get(f"/ho-so/nhap/{first.pk}/danh-sach/?nhom=resolved")
    assert gone.status_code == 404
    assert "Lần nhập này đã được thay bằng lần nhập mới hơn của cùng hệ thống." in gone.content.decode()


def test_an_import_is_refused_while_another_systems_import_in_force_has_lost_its_file(world) -> None:
    client = world.client(world.reviewer)
    _upload(client, HAND_CHECKED.read_bytes())
    first = DossierImport.objects.get()
    first.store.unlink()
    _upload(client, _second_system({"T02": "MC-1"}), "mc.csv", "mot-cua")
    refused = DossierImport.objects.order_by("pk").last()
    assert refused.status == "failed"
    assert refused.problems == [
        "Không còn tệp hồ sơ của lần nhập «mot-cua.csv» (hệ thống «Bố cục chuẩn»): hãy nhập lại tệp của hệ thống đó trước."
    ]


def test_an_import_counts_with_the_window_stored_for_the_period_even_after_an_edit(world) -> None:
    # The administrator moves the cut-off a month earlier: the registers and the dossiers both see it.
    period = world.period
    start, end = period.window_start, period.window_end.replace(month=2, day=14)
    period.window_end = end
    period.save()
    _upload(world.client(world.reviewer), HAND_CHECKED.read_bytes())
    record = DossierImport.objects.get()
    shorter = engine.compute(record.stores, "2023Q1", window=(start, end)).form_values["so-tu-phap"]
    full = engine.compute(record.stores, "2023Q1").form_values["so-tu-phap"]
    department = {code: int(text) for code, (text, _) in _figures(world.unit_a).items()}
    assert department == shorter != full


# Spark against DuckDB; the import's writes are the same code as the DuckDB imports above, run on PostgreSQL.
@pytest.mark.spark
@pytest.mark.backend_neutral
def test_an_import_counted_on_spark_writes_the_figures_duckdb_writes(world, settings, monkeypatch) -> None:
    from dossiers.spark import require_spark

    require_spark()
    _upload(world.client(world.reviewer), HAND_CHECKED.read_bytes())
    on_duckdb = DossierImport.objects.get().results
    monkeypatch.setenv("CCHC_SPARK_MASTER", "local[2]")
    settings.DOSSIER_ENGINE = "spark"  # CCHC_DOSSIER_ENGINE=spark
    _upload(world.client(world.reviewer), HAND_CHECKED.read_bytes())
    record = DossierImport.objects.latest("pk")
    assert record.status == "done"
    assert record.results == on_duckdb and on_duckdb["form_values"]["so-tu-phap"]["BM3-3.1.1"] == 6


def test_the_dossier_engine_setting_is_read_strictly(monkeypatch, tmp_path) -> None:
    from web.test_proxy_settings import settings_with

    assert settings_with(monkeypatch, tmp_path)["DOSSIER_ENGINE"] == "duckdb"
    assert settings_with(monkeypatch, tmp_path, CCHC_DOSSIER_ENGINE="Spark")["DOSSIER_ENGINE"] == "spark"
    with pytest.raises(ImproperlyConfigured, match="Không có bộ máy tính «hadoop»"):
        settings_with(monkeypatch, tmp_path, CCHC_DOSSIER_ENGINE="hadoop")


def test_the_results_page_names_the_system_and_the_mapping_in_vietnamese(world) -> None:
    client = world.client(world.reviewer)
    _upload(client, HAND_CHECKED.read_bytes())
    _upload(client, _second_system({"T02": "MC-1"}), "mc.csv", "mot-cua")
    second = DossierImport.objects.order_by("pk").last()
    assert second.system == "mot-cua"  # stored under the mapping's name: imports group by it
    page = client.get(f"/ho-so/nhap/{second.pk}/").content.decode()
    assert "Hệ thống «Một cửa điện tử» · bảng ánh xạ cột «Một cửa điện tử»" in page
    assert "(hệ thống «Bố cục chuẩn»," in page
    assert "«mot-cua»" not in page and "«cchc»" not in page
    home = client.get("/ho-so/").content.decode()
    assert '<option value="mot-cua" selected>Một cửa điện tử</option>' in home
    assert "<td>Một cửa điện tử</td>" in home and "<td>mot-cua</td>" not in home
    assert '<option value="mot-cua">' not in home.partition('id="systems"')[2]
