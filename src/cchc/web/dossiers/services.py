"""Import a period's dossier files, compute its figures, write them into the units' forms, drill down."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from cchc.core.catalogue import Catalogue
from cchc.dossiers import DossierImportError, compute, import_files, shared_dossiers
from cchc.dossiers.backends import engine_connection
from cchc.dossiers.drill import count_behind, dossiers_behind, export_behind
from cchc.dossiers.drill import figure_filters as drill_figure_filters
from cchc.dossiers.engine import province_figures, unit_figures
from cchc.dossiers.outputs import to_json, to_xlsx
from cchc.dossiers.workdays import DEFAULT_FILE, WorkingCalendar, calendar_table, parse_calendar
from cchc.web.dossiers.models import CalendarVersion, DossierImport, ImportStatus
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import Channel, ReportingPeriod, Value
from cchc.web.reporting.services import catalogue_for, input_codes, province_unit
from cchc.web.reporting.sources import write_sourced_values

SOURCE_PREFIX = "Hồ sơ TTHC"
SOURCE_LABEL = SOURCE_PREFIX + " (nhập ngày {date})"
UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx", ".parquet")
MAX_UPLOAD_BYTES = 4 * 1024**3  # a year of a large province's dossiers as CSV is well under this
logger = logging.getLogger(__name__)
# Runs an import; tests replace it with a direct call so the import finishes inside the request.
RUNNER: list[Any] = []


class UploadError(ValueError):
    """An upload refused before anything is stored (no file, a file type the importer cannot read)."""


def start_import(
    period: ReportingPeriod, user: Any, files: Iterable[UploadedFile], *, mapping: str, system: str = ""
) -> DossierImport:
    """Keep the uploaded files in the import's folder and start the import in the background.

    `system` names the one-stop system the files come from (the mapping's name when blank).
    """
    files = list(files)
    system = _system_name(system)
    if len(system) > 100:
        raise UploadError("Tên hệ thống một cửa dài quá 100 ký tự.")
    if not files:
        raise UploadError("Chưa chọn tệp hồ sơ nào.")
    if sum(upload.size or 0 for upload in files) > MAX_UPLOAD_BYTES:
        raise UploadError("Các tệp tải lên lớn quá 4 GB; hãy chia theo kỳ hoặc nén sang Parquet.")
    names = [upload.name or "" for upload in files]
    for name in names:
        if not name.lower().endswith(UPLOAD_SUFFIXES):
            raise UploadError(f"Tệp «{name}»: chỉ nhận tệp CSV, XLSX hoặc Parquet xuất từ hệ thống một cửa.")
    calendar = CalendarVersion.objects.first()
    record = DossierImport.objects.create(
        period=period,
        created_by=user,
        file_names=", ".join(names),
        mapping=mapping,
        system=system or mapping,
        calendar=calendar,
        calendar_text=calendar_text(calendar),
        stage="Đã nhận tệp, đang chờ xử lý",
    )
    uploads = record.folder / "tep-tai-len"
    uploads.mkdir(parents=True, exist_ok=True)
    for index, (upload, name) in enumerate(zip(files, names, strict=True)):
        with open(uploads / f"{index:03d}-{_safe_name(name)}", "wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
    (RUNNER[0] if RUNNER else _in_background)(record.pk)
    return record


def _system_name(typed: str) -> str:
    """A typed system name, written the way an earlier import wrote it if it is the same name.

    Spaces, Unicode normalisation (tone marks typed as separate accents) and case do not make another
    system.
    """
    name = unicodedata.normalize("NFC", " ".join(typed.split()))
    known = DossierImport.objects.values_list("system", flat=True).distinct()
    return next((earlier for earlier in known if earlier.casefold() == name.casefold()), name)


def _safe_name(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)[-80:]


# Imports running in this process. cchc serves from one process (waitress), so a queued or running
# import that is not here was cut off by a restart.
_ACTIVE: set[int] = set()


def _in_background(pk: int) -> None:
    def work() -> None:
        try:
            run_import(pk)
        finally:
            _ACTIVE.discard(pk)
            connections.close_all()

    _ACTIVE.add(pk)
    threading.Thread(target=work, name=f"cchc-dossier-import-{pk}", daemon=True).start()


def fail_interrupted() -> None:
    """Mark imports a server restart cut off as failed, so their pages stop waiting."""
    for record in DossierImport.objects.filter(
        status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)
    ).exclude(pk__in=_ACTIVE):
        _fail(record, ["Việc nhập bị ngắt giữa chừng (máy chủ khởi động lại). Hãy nhập lại tệp."])


def _step(record: DossierImport, stage: str, progress: int) -> None:
    record.stage, record.progress = stage, progress
    record.save(update_fields=["stage", "progress", "status"])


def _upload_names(record: DossierImport, files: list[Path]) -> list[str]:
    """The uploaded files as the user named them, for the messages (not the names they are kept under)."""
    typed = record.file_names.split(", ")
    return typed if len(typed) == len(files) else [path.name.split("-", 1)[-1] for path in files]


def run_import(pk: int) -> DossierImport:
    """Import, compute and write one queued import; a failure leaves the forms untouched."""
    record = DossierImport.objects.select_related("period").get(pk=pk)
    record.status = ImportStatus.RUNNING
    _step(record, "Đang đọc và kiểm tra từng dòng hồ sơ", 10)
    try:
        files = sorted((record.folder / "tep-tai-len").iterdir())

        def progress(step: int, steps: int, text: str) -> None:
            # Reading and checking the rows is the long part: it fills the bar from 5 % to 50 %.
            _step(record, text[:120], 5 + 45 * step // max(steps, 1))

        imported = import_files(
            files, record.store, mapping=record.mapping, progress=progress, names=_upload_names(record, files)
        )
        record.rows = imported.rows
        _step(record, f"Đã đọc {imported.rows:n} hồ sơ; đang tính số liệu của kỳ", 50)
        # From here on, one import of the period at a time: each counts with the other systems' imports
        # in force, so two of them finishing together must not each miss the other.
        with period_lock(record.period_id):
            if _superseded(record):
                return _fail(
                    record,
                    [
                        f"Hệ thống «{record.system_label}» đã có lần nhập mới hơn cho kỳ này trong lúc lần "
                        "nhập này đang chạy; lần nhập này không ghi vào biểu mẫu."
                    ],
                )
            _count_and_write(record)
    except DossierImportError as error:
        return _fail(record, error.messages)
    except (ValueError, OSError) as error:
        return _fail(record, [str(error)])
    except Exception:
        # Whatever else breaks (the engine, the database), the import must not stay "running" forever.
        logger.exception("dossier import %s failed", pk)
        return _fail(record, ["Lỗi hệ thống khi nhập hồ sơ; biểu mẫu không thay đổi. Hãy báo quản trị."])
    return record


_LOCKS: dict[int, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def period_lock(period_id: int) -> threading.Lock:
    """The lock under which a period's imports count and write, one at a time (cchc runs one process)."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(period_id, threading.Lock())


def _superseded(record: DossierImport) -> bool:
    """Whether a later upload of the same system has already been counted."""
    return DossierImport.objects.filter(
        period=record.period_id, system=record.system, status=ImportStatus.DONE, pk__gt=record.pk
    ).exists()


def _count_and_write(record: DossierImport) -> None:
    """Count the period with the other systems' imports in force, write the forms, mark the import done."""
    others = systems_in_force(record.period, besides=record.system)
    _refuse_shared_dossiers(record, others)
    record.sources = [record.pk, *(other.pk for other in others)]
    province = province_unit(record.period)
    # Counted on the engine of the settings (CCHC_DOSSIER_ENGINE); the drill-downs, a few dossiers at a
    # time, stay on DuckDB in process.
    results = compute(
        record.stores,
        record.period.code,
        con=engine_connection(settings.DOSSIER_ENGINE),
        calendar=working_calendar(record),
        province_code=province.code if province else "",
        catalogue=catalogue_for(record.period),
        window=window_of(record.period),
    )
    record.results = json.loads(to_json(results))
    record.results_file.write_bytes(to_xlsx(results))
    _step(record, "Đang ghi số liệu vào biểu mẫu của các đơn vị", 80)
    # The forms and the import's "done" change together: written forms never belong to a failed import.
    with transaction.atomic():
        record.written, record.notices = write_figures(record, results.form_values)
        record.status, record.stage, record.progress = ImportStatus.DONE, "Hoàn thành", 100
        record.finished_at = timezone.now()
        record.save()
    # The uploads were only needed to build the canonical file.
    shutil.rmtree(record.folder / "tep-tai-len", ignore_errors=True)
    _drop_older_files(record)


def systems_in_force(period: ReportingPeriod, *, besides: str) -> list[DossierImport]:
    """The latest finished import of each one-stop system of the period but one.

    DossierImportError if one of them has lost its file: counting without it would drop that system.
    """
    latest: dict[str, DossierImport] = {}
    finished = DossierImport.objects.filter(period=period, status=ImportStatus.DONE).exclude(system=besides)
    for record in finished.order_by("-pk"):
        latest.setdefault(record.system, record)
    lost = [record for record in latest.values() if not record.store.exists()]
    if lost:
        raise DossierImportError(
            [
                f"Không còn tệp hồ sơ của lần nhập «{record.file_names}» (hệ thống «{record.system_label}»): "
                "hãy nhập lại tệp của hệ thống đó trước."
                for record in lost
            ]
        )
    return list(latest.values())


def _refuse_shared_dossiers(record: DossierImport, others: list[DossierImport]) -> None:
    """Two systems' files counted together must not share a dossier: it would be counted twice."""
    found, total = shared_dossiers(record.store, [other.store for other in others])
    if not found:
        return
    by_store = {other.store: other for other in others}
    messages = [
        f"Mã hồ sơ «{dossier}» đã có trong lần nhập «{by_store[store].file_names}» "
        f"(hệ thống «{by_store[store].system_label}») của kỳ."
        for dossier, store in found
    ]
    messages.append(
        "Số liệu của kỳ cộng lần nhập mới nhất của mỗi hệ thống một cửa, nên hai hệ thống không được có "
        "chung hồ sơ. Nếu đây là tệp mới của một hệ thống đã nhập, hãy ghi đúng tên hệ thống đó để thay "
        "lần nhập cũ."
    )
    raise DossierImportError(messages, total + 1)


def _drop_older_files(record: DossierImport) -> None:
    """The system's earlier finished imports of the period give way to this one.

    Their dossier files go; their results and results workbook stay. An earlier import still running
    keeps its files: it will find itself superseded and fail.
    """
    older = DossierImport.objects.filter(
        period=record.period, system=record.system, pk__lt=record.pk, status=ImportStatus.DONE
    )
    for import_ in older:
        try:
            import_.store.unlink(missing_ok=True)
        except OSError:  # a drill-down may hold it open (Windows): the import stays done all the same
            logger.warning("could not remove %s", import_.store, exc_info=True)
        shutil.rmtree(import_.folder / "xuat", ignore_errors=True)


def _fail(record: DossierImport, problems: list[str]) -> DossierImport:
    record.status, record.stage, record.problems = ImportStatus.FAILED, "Không nhập được", problems
    record.finished_at = timezone.now()
    record.save()
    shutil.rmtree(record.folder, ignore_errors=True)
    return record


def write_figures(record: DossierImport, form_values: dict[str, dict[str, int]]) -> tuple[int, list[str]]:
    """Write each reporting unit's figures into its forms, replacing what an earlier import wrote.

    Units the file names that are not in force for the period are named and skipped; a unit an earlier
    import filled and this one does not mention gets its dossier rows handed back (blank).
    """
    period = record.period
    catalogue = catalogue_for(period)
    source = SOURCE_LABEL.format(date=timezone.localtime(record.created_at).strftime("%d/%m/%Y"))
    units = {unit.code: unit for unit in OrgUnit.objects.active_on(period.window_end)}
    figures_by_unit: dict[str, dict[str, int | None]] = {}
    for (code,) in (
        Value.objects.filter(submission__period=period, source__startswith=SOURCE_PREFIX)
        .values_list("submission__unit__code")
        .distinct()
    ):
        figures_by_unit[code] = {}
    notices: list[str] = []
    for code, figures in sorted(form_values.items()):
        if code not in units:
            notices.append(
                f"Mã đơn vị «{code}» trong tệp hồ sơ không có trong danh sách đơn vị của kỳ: bỏ qua."
            )
            continue
        figures_by_unit[code] = dict(figures)
    written = 0
    with transaction.atomic():
        for code, counted in sorted(figures_by_unit.items()):
            unit = units.get(code)
            if unit is None:
                continue
            allowed = set().union(*(input_codes(catalogue, unit, form) for form in (3, 7)))
            owned = [
                row for row in (*unit_figures(catalogue), *province_figures(catalogue)) if row in allowed
            ]
            # Rows this import has no figure for are handed back (blank) if an earlier import filled them.
            values = {row: counted.get(row) for row in owned}
            result = write_sourced_values(
                unit, period, values, source=source, channel=Channel.DOSSIER, user=record.created_by
            )
            written += result.changed
            notices += result.skipped
    return written, notices


def window_of(period: ReportingPeriod) -> tuple[dt.date, dt.date]:
    """The period's cut-off window as stored (the one every part of cchc reads; editable by an admin)."""
    return period.window_start, period.window_end


def latest_import(period: ReportingPeriod) -> DossierImport | None:
    """The period's import counted last: the forms' figures and drill-downs come from its stores."""
    return (
        DossierImport.objects.filter(period=period, status=ImportStatus.DONE)
        .order_by(F("finished_at").desc(nulls_last=True), "-pk")
        .first()
    )


def figure_filters(record: DossierImport, unit: OrgUnit, code: str) -> dict[str, Any] | None:
    """Which dossiers one form figure of one unit counts (the engine's filters), or None if none."""
    province = province_unit(record.period)
    try:
        return drill_figure_filters(
            code,
            unit.code,
            province_code=province.code if province else "",
            catalogue=catalogue_for(record.period),
        )
    except ValueError:
        return None


def first_dossiers(record: DossierImport, limit: int, **filters: Any) -> tuple[pa.Table, int]:
    """The first `limit` dossiers of a selection (latest first) and how many there are in all."""
    options = {"calendar": working_calendar(record), "window": window_of(record.period)}
    table = dossiers_behind(record.stores, record.period.code, limit=limit, **options, **filters)
    return table, count_behind(record.stores, record.period.code, **options, **filters)


def export_dossiers(record: DossierImport, fmt: str, **filters: Any) -> Path:
    """A selection written to a CSV or XLSX file in the import's folder, streamed by the engine."""
    folder = record.folder / "xuat"
    folder.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkstemp(suffix=f".{fmt}", dir=folder)[1])
    export_behind(
        record.stores,
        record.period.code,
        out,
        fmt,
        calendar=working_calendar(record),
        window=window_of(record.period),
        **filters,
    )
    return out


def fills(catalogue: Catalogue, code: str) -> bool:
    """Whether dossier imports compute this form row (and so can open it to its dossiers)."""
    return code in unit_figures(catalogue) or code in province_figures(catalogue)


CALENDAR_NAME = "lịch ngày làm việc"
MAX_CALENDAR_BYTES = 1024**2


@lru_cache(maxsize=16)
def _parsed_calendar(text: str) -> WorkingCalendar:
    return parse_calendar(text, CALENDAR_NAME)


def working_calendar(record: DossierImport) -> WorkingCalendar | None:
    """The calendar an import is computed with, as kept when it was uploaded.

    None for imports made before calendars were kept: they follow the shipped calendar.
    """
    return _parsed_calendar(record.calendar_text) if record.calendar_text else None


def calendar_text(version: CalendarVersion | None) -> str:
    """The TOML text of a calendar version, or of the shipped calendar."""
    return version.text if version else DEFAULT_FILE.read_text(encoding="utf-8")


def upload_calendar(user: Any, upload: UploadedFile | None) -> CalendarVersion:
    """Keep an uploaded calendar as the version in force, once it reads; UploadError otherwise.

    A calendar that drops a year the calendar in force lists is refused: years are added to the
    calendar in force, never lost by uploading an older or a partial file.
    """
    if upload is None:
        raise UploadError("Chưa chọn tệp lịch.")
    name = upload.name or ""
    if not name.lower().endswith(".toml"):
        raise UploadError(f"Tệp «{name}»: lịch ngày làm việc là tệp .toml (tải lịch đang dùng về để sửa).")
    if (upload.size or 0) > MAX_CALENDAR_BYTES:
        raise UploadError(f"Tệp «{name}» lớn quá 1 MB: một tệp lịch chỉ vài KB.")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(f"Tệp «{name}» không phải văn bản UTF-8.") from None
    try:
        calendar = _parsed_calendar(text)
        calendar_table(calendar)
    except ValueError as error:
        raise UploadError(f"Tệp «{name}»: {error}") from None
    except Exception:
        logger.exception("calendar %s does not build", name)
        raise UploadError(f"Tệp «{name}»: không dựng được lịch từ tệp này.") from None
    in_force = _parsed_calendar(calendar_text(CalendarVersion.objects.first()))
    dropped = sorted(set(in_force.years) - set(calendar.years))
    if dropped:
        raise UploadError(
            f"Tệp «{name}» thiếu năm {', '.join(map(str, dropped))} của lịch đang dùng: hãy tải lịch "
            "đang dùng về, thêm hoặc sửa năm cần đổi rồi tải lên."
        )
    return CalendarVersion.objects.create(text=text, file_name=name[:200], uploaded_by=user)
