"""Import dossier exports (CSV, XLSX, Parquet) into canonical Parquet, all or nothing.

Every file is read by DuckDB as text, mapped to the schema by the source's mapping file, typed and
checked in SQL; if any row is wrong, nothing is written and the error lists each bad row with its file,
line and reason in Vietnamese.
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from cchc.dossiers.mapping import FALSE_LABELS, TRUE_LABELS, ColumnMapping, load_mapping, normalise_label
from cchc.dossiers.schema import COLUMNS, SCHEMA, Column, is_canonical
from cchc.dossiers.workdays import CALENDAR_FIRST, CALENDAR_LAST
from cchc.scratch import scratch_folder
from cchc.untrusted.packages import PackageError, PackageLimits, check_package, env_int
from cchc.untrusted.worker import Confinement, JobRefused, WorkerError, run

__all__ = [
    "DossierImportError",
    "ImportResult",
    "detect_encoding",
    "import_files",
    "is_canonical",
    "shared_dossiers",
    "xlsx_to_parquet",
]

MAX_MESSAGES = 50
_CHUNK = 1 << 20
_MB = 1024 * 1024


class DossierImportError(ValueError):
    """An import refused as a whole; `messages` names each bad row (file, line, column, reason)."""

    def __init__(self, messages: list[str], total: int | None = None) -> None:
        self.messages = messages
        self.total = total if total is not None else len(messages)
        more = f"\n… và {self.total - len(messages)} lỗi khác." if self.total > len(messages) else ""
        super().__init__("Không nhập được hồ sơ, không có dòng nào được ghi:\n" + "\n".join(messages) + more)


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: the Parquet file and its number of dossiers."""

    path: Path
    rows: int


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), else Windows-1258 (Vietnamese Windows)."""
    with path.open("rb") as file:
        head = file.read(4096)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if head and head[1::2].count(0) > len(head) // 4:
            return "utf-16-le"
        if head and head[0::2].count(0) > len(head) // 4:
            return "utf-16-be"
        decoder = codecs.getincrementaldecoder("utf-8")()
        file.seek(0)
        try:
            while chunk := file.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1258"
    return "utf-8"


def _to_utf8(path: Path, encoding: str, folder: Path) -> Path:
    """A UTF-8, NFC copy of a text file (Windows-1258 writes Vietnamese with combining accents)."""
    target = folder / f"{path.stem}.utf8.csv"
    with (
        path.open("r", encoding=encoding, newline="") as source,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        tail = ""
        while chunk := source.read(_CHUNK):
            text = tail + chunk
            cut = text.rfind("\n") + 1
            out.write(unicodedata.normalize("NFC", text[:cut]))
            tail = text[cut:]
        out.write(unicodedata.normalize("NFC", tail))
    return target


def _cell_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, headers: set[str]) -> pa.Table:
    """The first sheet as text columns, with each row's sheet row number.

    The header is the row among the first 30 naming most of the mapping's headers: exports often put a
    title and a date above it.
    """
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    filled = [i for i, row in enumerate(rows[:30]) if any(cell not in (None, "") for cell in row)]
    if not filled:
        raise DossierImportError([f"Tệp {path.name}: trang tính đầu tiên không có dữ liệu."])
    start = max(filled, key=lambda i: (sum(normalise_label(str(c)) in headers for c in rows[i]), -i))
    header = [_cell_text(cell) or f"column{i}" for i, cell in enumerate(rows[start])]
    body = [(i + 1, row) for i, row in enumerate(rows) if i > start and any(c not in (None, "") for c in row)]
    columns: dict[str, Any] = {"_line": pa.array([line for line, _ in body], pa.int64())}
    for index, name in enumerate(header):
        columns[name] = pa.array(
            [_cell_text(row[index]) if index < len(row) else None for _, row in body], pa.string()
        )
    return pa.table(columns)


def xlsx_to_parquet(path: str, headers: set[str], out: str) -> bytes:
    """The confined worker's job: the sheet read by `_read_xlsx`, written to `out` as Parquet."""
    try:
        table = _read_xlsx(Path(path), headers)
    except DossierImportError as error:
        raise JobRefused(error.messages) from None
    except MemoryError:
        raise
    except Exception:
        raise JobRefused(
            [f"Tệp {Path(path).name}: không đọc được bảng tính (tệp hỏng hoặc không phải Excel)."]
        ) from None
    pq.write_table(table, out)
    return b""


def _xlsx_limits() -> tuple[PackageLimits, Confinement]:
    """How big a spreadsheet of dossiers may be unzipped, and what its reader may use (settings)."""
    cpu = env_int("CCHC_PARSE_CPU_SECONDS", 900)
    unzipped = env_int("CCHC_DOSSIER_XLSX_MAX_UNZIPPED_MB", 4096) * _MB
    package = PackageLimits(
        kind="tệp Excel (.xlsx)",
        max_members=10_000,
        max_unzipped_bytes=unzipped,
        max_part_bytes=unzipped,
        max_sheet_cells=env_int("CCHC_DOSSIER_XLSX_MAX_CELLS", 100_000_000),
    )
    confinement = Confinement(
        cpu_seconds=cpu, memory_bytes=env_int("CCHC_PARSE_MEMORY_MB", 6144) * _MB, wall_seconds=2 * cpu
    )
    return package, confinement


def _xlsx_parquet(path: Path, headers: set[str], out: Path) -> None:
    """The spreadsheet bounded as a package, then read in a confined worker into Parquet at `out`.

    A sheet built to blow up its reader (a cell at XFD1048576, a zip bomb) ends that worker with a
    message; the process running the import (the web server) never parses the file.
    """
    package, confinement = _xlsx_limits()
    what = f"Tệp {path.name}"
    try:
        if path.suffix.lower() != ".xls":  # the old binary format is not a zip
            check_package(path, what, package)
        run("xlsx-to-parquet", str(path), headers, str(out), limits=confinement, what=what)
    except (PackageError, WorkerError) as error:
        messages = error.messages if isinstance(error, WorkerError) else [str(error)]
        raise DossierImportError(messages) from None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _register(
    con: duckdb.DuckDBPyConnection, path: Path, index: int, folder: Path, headers: set[str]
) -> tuple[str, str]:
    """A view of one file as text columns plus `_line`; returns (view name, what a line is called)."""
    view = f"source_{index}"
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        sheet = folder / f"{view}.parquet"
        _xlsx_parquet(path, headers, sheet)
        con.execute(f"CREATE TEMP VIEW {view} AS SELECT * FROM read_parquet({_literal(str(sheet))})")
        return view, "dòng"
    if suffix == ".parquet":
        try:
            columns = pq.read_schema(path).names
        except pa.ArrowException:
            raise DossierImportError(
                [
                    f"Tệp {path.name}: không phải tệp Parquet đọc được (tệp hỏng hoặc bị cắt): "
                    "hãy xuất lại tệp."
                ]
            ) from None
        cast = ", ".join(f"CAST({_quote(c)} AS VARCHAR) AS {_quote(c)}" for c in columns)
        con.execute(
            f"CREATE TEMP VIEW {view} AS SELECT row_number() OVER () AS _line, {cast} "
            f"FROM read_parquet({_literal(str(path))})"
        )
        return view, "bản ghi"
    encoding = detect_encoding(path)
    readable = path if encoding == "utf-8" else _to_utf8(path, encoding, folder)
    # Line 1 is the header; a quoted field spanning lines shifts the numbers of the rows after it.
    rows = (
        f"SELECT row_number() OVER () AS _row, * FROM read_csv({_literal(str(readable))}, header = true, "
        "all_varchar = true, encoding = 'utf-8')"
    )
    blanks = _blank_lines(readable)
    if not blanks:
        con.execute(f"CREATE TEMP VIEW {view} AS SELECT _row + 1 AS _line, * EXCLUDE (_row) FROM ({rows})")
        return view, "dòng"
    # The reader skips blank lines: the j-th blank line (line b) comes before every row numbered b - j
    # or more, which is one line further down the file for each such blank.
    shifts = {line - j: j for j, line in enumerate(blanks, 1)}  # consecutive blanks: the last one counts
    con.register(f"{view}_blanks", pa.table({"threshold": list(shifts), "shift": list(shifts.values())}))
    con.execute(
        f"CREATE TEMP VIEW {view} AS SELECT r._row + 1 + coalesce(b.shift, 0) AS _line, r.* EXCLUDE (_row) "
        f"FROM ({rows}) AS r ASOF LEFT JOIN {view}_blanks AS b ON r._row >= b.threshold"
    )
    return view, "dòng"


def _blank_lines(path: Path) -> list[int]:
    """The numbers of the empty lines of a text file (the CSV reader skips them)."""
    blanks: list[int] = []
    with path.open("rb") as file:
        for number, line in enumerate(file, 1):
            if not line.strip(b"\r\n"):
                blanks.append(number)
    # Empty lines at the end of the file precede no row.
    return blanks


def _typed(column: Column, raw: str, mapping: ColumnMapping) -> tuple[str, str | None]:
    """SQL for the typed value of a column and for the reason a non-empty raw value is refused."""
    header = mapping.columns[column.name]
    shown = f"cột «{header}»: «' || {raw} || '»"
    if column.codes:
        labels = mapping.values[column.name]
        whens = " ".join(f"WHEN {_literal(label)} THEN {_literal(code)}" for label, code in labels.items())
        value = f"CASE lower(regexp_replace({raw}, '\\s+', ' ', 'g')) {whens} END"
        return value, f"'{shown} không có trong danh mục {column.label.lower()}'"
    if column.type == SCHEMA.field("received_at").type:
        formats = "[" + ", ".join(_literal(f) for f in mapping.date_formats) + "]"
        value = f"CAST(try_strptime({raw}, {formats}) AS TIMESTAMP_S)"
        return value, f"'{shown} không phải ngày dạng dd/mm/yyyy'"
    if column.name == "fee":
        value = f"TRY_CAST(replace(replace(replace({raw}, '.', ''), ',', ''), ' ', '') AS BIGINT)"
        return value, f"'{shown} không phải số tiền'"
    if column.name == "time_limit_days":
        value = f"TRY_CAST({raw} AS INTEGER)"
        return value, f"'{shown} không phải số ngày'"
    if column.type == pa.bool_():
        yes = ", ".join(_literal(label) for label in TRUE_LABELS)
        no = ", ".join(_literal(label) for label in FALSE_LABELS)
        value = f"CASE WHEN lower({raw}) IN ({yes}) THEN true WHEN lower({raw}) IN ({no}) THEN false END"
        return value, f"'{shown} không phải Có/Không'"
    return raw, None


def _header_of(column: Column, mapping: ColumnMapping) -> str:
    """How a message names a column: the mapping's header when it is its own (Vietnamese) one, else the
    column's Vietnamese label ("Mã hồ sơ", not "dossier_id")."""
    header = mapping.columns.get(column.name, column.name)
    return column.label if header == column.name else header


def _select(
    view: str, index: int, file: str, line_word: str, headers: dict[str, str], mapping: ColumnMapping
) -> str:
    """SQL giving the typed schema columns, `_where` (file and line) and `_errors` (a list of reasons)."""
    typed: list[str] = []
    reasons: list[str] = []
    for column in COLUMNS:
        source = headers.get(column.name)
        raw = f"nullif(trim(nfc_normalize({_quote(source)})), '')" if source else "CAST(NULL AS VARCHAR)"
        value, refusal = _typed(column, raw, mapping)
        typed.append(f"{value} AS {column.name}")
        header = _header_of(column, mapping)
        if column.required:
            reasons.append(f"CASE WHEN {raw} IS NULL THEN 'thiếu «{header}»' END")
        if refusal:
            reasons.append(f"CASE WHEN {raw} IS NOT NULL AND ({value}) IS NULL THEN {refusal} END")
    where = f"{_literal(f'Tệp {file}, {line_word} ')} || _line"
    return (
        f"SELECT {', '.join(typed)}, {where} AS _where, {index} AS _file, _line, "
        f"list_filter([{', '.join(reasons)}], lambda x: x IS NOT NULL) AS _errors FROM {view}"
    )


_ROW_RULES = (
    (
        "status IN ('da_giai_quyet', 'tra_lai', 'rut') AND resolved_at IS NULL",
        "trạng thái đã kết thúc nhưng thiếu ngày có kết quả",
    ),
    (
        "status IN ('dang_xu_ly', 'tam_dung') AND resolved_at IS NOT NULL",
        "trạng thái đang xử lý nhưng đã có ngày có kết quả",
    ),
    ("resolved_at < received_at", "ngày có kết quả trước ngày tiếp nhận"),
    ("due_at < received_at", "ngày hẹn trả trước ngày tiếp nhận"),
    ("due_at IS NULL AND time_limit_days IS NULL", "thiếu cả ngày hẹn trả và thời hạn giải quyết"),
    ("time_limit_days < 0", "thời hạn giải quyết âm"),
    *(
        (
            f"CAST({column} AS DATE) NOT BETWEEN DATE '{CALENDAR_FIRST}' AND DATE '{CALENDAR_LAST}'",
            f"{label} ngoài khoảng của lịch ngày làm việc "
            f"({CALENDAR_FIRST:%d/%m/%Y} – {CALENDAR_LAST:%d/%m/%Y})",
        )
        for column, label in (
            ("received_at", "ngày tiếp nhận"),
            ("due_at", "ngày hẹn trả"),
            ("resolved_at", "ngày có kết quả"),
        )
    ),
    ("fee < 0", "phí, lệ phí âm"),
)  # fmt: skip


def import_files(
    files: Sequence[str | Path],
    out: str | Path,
    *,
    mapping: str | Path | ColumnMapping = "cchc",
    progress: Callable[[int, int, str], None] | None = None,
    names: Sequence[str] | None = None,
) -> ImportResult:
    """Read, map, type and check every file; write one canonical Parquet file only if all rows are right.

    A column is found under the mapping's header or, failing that, under the schema's own name (the
    layout `cchc dossiers generate` and the export write), so any mapping reads cchc's own files.
    `names` are the files as the user knows them (an upload's own name), for the messages.

    `progress(step, steps, text)` is called before each step (reading each file, checking, writing), in
    Vietnamese, for a progress bar.
    """
    steps = len(files) + 2

    def report(step: int, text: str) -> None:
        if progress is not None:
            progress(step, steps, text)

    chosen = mapping if isinstance(mapping, ColumnMapping) else load_mapping(mapping)
    target = Path(out)
    with scratch_folder("duckdb") as folder, duckdb.connect() as con:
        # The typed rows are kept once (checked, then written); beyond 1 GB DuckDB spills them to disk.
        con.execute(f"SET temp_directory = {_literal(folder)}")
        con.execute("SET memory_limit = '1GB'")
        con.execute("SET enable_progress_bar = false")
        selects: list[str] = []
        problems: list[str] = []
        for index, name in enumerate(files):
            path = Path(name)
            shown = names[index] if names is not None else path.name
            report(index, f"Đọc tệp {shown}")
            if not path.is_file():
                raise DossierImportError([f"Không tìm thấy tệp {shown}."])
            expected = {normalise_label(header) for header in chosen.columns.values()}
            expected |= {column.name for column in COLUMNS}
            view, line_word = _register(con, path, index, Path(folder), expected)
            present = {normalise_label(c): c for c in con.sql(f"SELECT * FROM {view} LIMIT 0").columns}
            headers: dict[str, str] = {}
            missing: list[str] = []
            for column in COLUMNS:
                header = chosen.columns.get(column.name)
                found = [present[k] for k in (normalise_label(header or ""), column.name) if k in present]
                if found:
                    headers[column.name] = found[0]
                elif column.required:
                    missing.append(f"«{_header_of(column, chosen)}»")
            if missing:
                problems.append(
                    f"Tệp «{shown}» thiếu {len(missing)} cột bắt buộc: {', '.join(missing)}. Hãy xuất lại "
                    "tệp từ hệ thống một cửa, hoặc chọn bảng ánh xạ cột đúng với hệ thống đó."
                )
            selects.append(_select(view, index, shown, line_word, headers, chosen))
        if problems:
            raise DossierImportError(problems)
        rules = ", ".join(f"CASE WHEN {rule} THEN {_literal(message)} END" for rule, message in _ROW_RULES)
        con.execute(
            f"CREATE TEMP TABLE typed AS SELECT * EXCLUDE (_errors), "
            f"list_concat(_errors, list_filter([{rules}], lambda x: x IS NOT NULL)) AS _errors "
            f"FROM ({' UNION ALL '.join(selects)})"
        )
        report(len(files), "Kiểm tra từng hồ sơ")
        _raise_on_bad_rows(con)
        report(len(files) + 1, "Ghi tệp Parquet")
        names = ", ".join(column.name for column in COLUMNS)
        partial = target.with_name(f".{target.name}.partial")
        con.execute(f"COPY (SELECT {names} FROM typed) TO {_literal(str(partial))} (FORMAT parquet)")
        rows = pq.read_metadata(partial).num_rows
        os.replace(partial, target)
    return ImportResult(target, rows)


def _raise_on_bad_rows(con: duckdb.DuckDBPyConnection) -> None:
    found = con.execute(
        "SELECT _where || ': ' || array_to_string(_errors, '; ') || '.', count(*) OVER () FROM typed "
        f"WHERE len(_errors) > 0 ORDER BY _file, _line LIMIT {MAX_MESSAGES}"
    ).fetchall()
    if found:
        raise DossierImportError([message for message, _ in found], int(found[0][1]))
    duplicates = con.execute(
        "SELECT dossier_id, string_agg(_where, ', '), count(*) OVER () FROM typed "
        f"GROUP BY dossier_id HAVING count(*) > 1 ORDER BY min(_file), min(_line) LIMIT {MAX_MESSAGES}"
    ).fetchall()
    if duplicates:
        raise DossierImportError(
            [f"Mã hồ sơ «{dossier}» lặp lại: {where}." for dossier, where, _ in duplicates],
            int(duplicates[0][2]),
        )


def shared_dossiers(path: str | Path, others: Sequence[str | Path]) -> tuple[list[tuple[str, Path]], int]:
    """Dossiers of a canonical file that other canonical files hold too, and how many there are.

    The first few come as (dossier id, the other file). Files of two one-stop systems counted together
    must not share a dossier, or it would be counted twice.
    """
    if not others:
        return [], 0
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        found = con.execute(
            "SELECT o.dossier_id, o.filename, count(*) OVER () "
            "FROM read_parquet(?) n JOIN read_parquet(?, filename = true) o USING (dossier_id) "
            f"ORDER BY o.dossier_id LIMIT {MAX_MESSAGES}",
            [str(path), [str(other) for other in others]],
        ).fetchall()
    return [(dossier, Path(name)) for dossier, name, _ in found], int(found[0][2]) if found else 0
