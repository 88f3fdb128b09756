"""Dossier analytics (hồ sơ TTHC): import one-stop exports, compute the period's figures, drill down.

    import_files(files, out, mapping=...)   CSV / XLSX / Parquet → one canonical Parquet file (all or none)
    compute(source, period)                 every output of a period (BM3 3.1–3.3, BM7 6.4–6.8, Biểu 06)
    dossiers_behind(source, period, ...)    the dossiers behind a figure (class, unit, level, field, …)
    count_behind / export_behind(source, period, out, "csv"|"xlsx", ...)  their number; all of them, streamed
    figure_dossiers / figure_count / figure_export(source, period, unit, code, ...)  the same for one form
                                            row of one reporting unit
    generate(rows, out, seed=...)           a realistic generated file for tests and benchmarks

Errors: DossierImportError (a ValueError) lists every bad row; other bad input raises ValueError, always
with a Vietnamese message.
"""

from __future__ import annotations

from cchc.dossiers.drill import (
    count_behind,
    dossiers_behind,
    export_behind,
    figure_count,
    figure_dossiers,
    figure_export,
)
from cchc.dossiers.engine import (
    REORGANISATION,
    DossierResults,
    compute,
    connect,
    connect_spark,
    dossier_table,
    identity_errors,
    province_figures,
    unit_figures,
)
from cchc.dossiers.generator import generate
from cchc.dossiers.importer import (
    DossierImportError,
    ImportResult,
    detect_encoding,
    import_files,
    is_canonical,
    shared_dossiers,
)
from cchc.dossiers.mapping import ColumnMapping, available_mappings, load_mapping
from cchc.dossiers.metrics import CLASSES, COUNTS
from cchc.dossiers.rates import RATES, Rate
from cchc.dossiers.schema import COLUMNS, SCHEMA
from cchc.dossiers.workdays import WorkingCalendar, calendar_table, default_calendar, load_calendar

__all__ = [
    "CLASSES",
    "COLUMNS",
    "COUNTS",
    "RATES",
    "REORGANISATION",
    "SCHEMA",
    "ColumnMapping",
    "DossierImportError",
    "DossierResults",
    "ImportResult",
    "Rate",
    "WorkingCalendar",
    "available_mappings",
    "calendar_table",
    "compute",
    "connect",
    "connect_spark",
    "count_behind",
    "default_calendar",
    "detect_encoding",
    "dossier_table",
    "dossiers_behind",
    "export_behind",
    "figure_count",
    "figure_dossiers",
    "figure_export",
    "generate",
    "identity_errors",
    "import_files",
    "is_canonical",
    "load_calendar",
    "load_mapping",
    "province_figures",
    "shared_dossiers",
    "unit_figures",
]
