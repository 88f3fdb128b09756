"""Import a period's dossier files, compute its figures, write them into the units' forms, drill down."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterable
from typing import Any

import pyarrow as pa
from django.core.files.uploadedfile import UploadedFile
from django.db import close_old_connections, transaction
from django.utils import timezone

from cchc.dossiers import FIGURES, DossierImportError, compute, figure_dossiers, import_files
from cchc.dossiers.engine import PROVINCE_FIGURES, dossiers_behind
from cchc.dossiers.outputs import to_json, to_xlsx
from cchc.web.dossiers.models import DossierImport, ImportStatus
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import Channel, ReportingPeriod
from cchc.web.reporting.services import catalogue_for, input_codes
from cchc.web.reporting.sources import write_sourced_values

SOURCE_LABEL = "Hồ sơ TTHC (nhập ngày {date})"
UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx", ".parquet")
# Runs an import; tests replace it with a direct call so the import finishes inside the request.
RUNNER: list[Any] = []


class UploadError(ValueError):
    """An upload refused before anything is stored (no file, a file type the importer cannot read)."""


def start_import(
    period: ReportingPeriod, user: Any, files: Iterable[UploadedFile], *, mapping: str
) -> DossierImport:
    """Keep the uploaded files in the import's folder and start the import in the background."""
    files = list(files)
    if not files:
        raise UploadError("Chưa chọn tệp hồ sơ nào.")
    for upload in files:
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise UploadError(
                f"Tệp «{upload.name}»: chỉ nhận tệp CSV, XLSX hoặc Parquet xuất từ hệ thống một cửa."
            )
    record = DossierImport.objects.create(
        period=period,
        created_by=user,
        file_names=", ".join(upload.name for upload in files),
        mapping=mapping,
        stage="Đã nhận tệp, đang chờ xử lý",
    )
    uploads = record.folder / "tep-tai-len"
    uploads.mkdir(parents=True, exist_ok=True)
    for index, upload in enumerate(files):
        with open(uploads / f"{index:03d}-{_safe_name(upload.name)}", "wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
    (RUNNER[0] if RUNNER else _in_background)(record.pk)
    return record


def _safe_name(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)[-80:]


def _in_background(pk: int) -> None:
    def work() -> None:
        try:
            run_import(pk)
        finally:
            close_old_connections()

    threading.Thread(target=work, name=f"cchc-dossier-import-{pk}", daemon=True).start()


def _step(record: DossierImport, stage: str, progress: int) -> None:
    record.stage, record.progress = stage, progress
    record.save(update_fields=["stage", "progress", "status"])


def run_import(pk: int) -> DossierImport:
    """Import, compute and write one queued import; a failure leaves the forms untouched."""
    record = DossierImport.objects.select_related("period").get(pk=pk)
    record.status = ImportStatus.RUNNING
    _step(record, "Đang đọc và kiểm tra từng dòng hồ sơ", 10)
    files = sorted((record.folder / "tep-tai-len").iterdir())
    try:

        def progress(step: int, steps: int, text: str) -> None:
            # Reading and checking the rows is the long part: it fills the bar from 5 % to 50 %.
            _step(record, text[:120], 5 + 45 * step // max(steps, 1))

        imported = import_files(files, record.store, mapping=record.mapping, progress=progress)
        record.rows = imported.rows
        _step(record, f"Đã đọc {imported.rows:n} hồ sơ; đang tính số liệu của kỳ", 50)
        results = compute(record.store, record.period.code)
        record.results = json.loads(to_json(results))
        record.results_file.write_bytes(to_xlsx(results))
        _step(record, "Đang ghi số liệu vào biểu mẫu của các đơn vị", 80)
        record.written, record.notices = write_figures(record, results.form_values)
    except DossierImportError as error:
        return _fail(record, error.messages)
    except (ValueError, OSError) as error:
        return _fail(record, [str(error)])
    # The uploads were only needed to build the canonical file.
    shutil.rmtree(record.folder / "tep-tai-len", ignore_errors=True)
    record.status, record.stage, record.progress = ImportStatus.DONE, "Hoàn thành", 100
    record.finished_at = timezone.now()
    record.save()
    return record


def _fail(record: DossierImport, problems: list[str]) -> DossierImport:
    record.status, record.stage, record.problems = ImportStatus.FAILED, "Không nhập được", problems
    record.finished_at = timezone.now()
    record.save()
    shutil.rmtree(record.folder, ignore_errors=True)
    return record


def write_figures(record: DossierImport, form_values: dict[str, dict[str, int]]) -> tuple[int, list[str]]:
    """Write each reporting unit's figures into its forms; units the app does not know are named."""
    period = record.period
    catalogue = catalogue_for(period)
    source = SOURCE_LABEL.format(date=timezone.localtime(record.created_at).strftime("%d/%m/%Y"))
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=form_values)}
    written, notices = 0, []
    with transaction.atomic():
        for code, figures in sorted(form_values.items()):
            unit = units.get(code)
            if unit is None:
                notices.append(f"Mã đơn vị «{code}» trong tệp hồ sơ không có trong danh sách đơn vị: bỏ qua.")
                continue
            allowed = set().union(*(input_codes(catalogue, unit, form) for form in (3, 7)))
            values = {row: figure for row, figure in figures.items() if row in allowed}
            if not values:
                continue
            result = write_sourced_values(
                unit, period, values, source=source, channel=Channel.DOSSIER, user=record.created_by
            )
            written += result.changed
            notices += result.skipped
    return written, notices


def latest_import(period: ReportingPeriod) -> DossierImport | None:
    """The period's latest finished import: the one the forms' figures and drill-downs come from."""
    return DossierImport.objects.filter(period=period, status=ImportStatus.DONE).first()


def figure_table(record: DossierImport, unit: OrgUnit, code: str) -> pa.Table:
    """The dossiers behind one form figure of one unit, from the import that produced it."""
    return figure_dossiers(record.store, record.period.code, unit.code, code)


def class_table(record: DossierImport, klass: str, **filters: str | None) -> pa.Table:
    """The dossiers of one class (quá hạn, đúng hạn…) within unit, level, field or procedure."""
    return dossiers_behind(record.store, record.period.code, klass=klass, **filters)


def fills(code: str) -> bool:
    """Whether dossier imports compute this form row for a unit (and so can open its dossiers)."""
    return code in FIGURES or code in PROVINCE_FIGURES
