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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cchc.dossiers.backends import connect, connect_spark, dossier_table
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
        shared_dossiers,
    )
    from cchc.dossiers.mapping import ColumnMapping, available_mappings, load_mapping
    from cchc.dossiers.metrics import CLASSES, COUNTS
    from cchc.dossiers.rates import RATES, Rate
    from cchc.dossiers.schema import COLUMNS, SCHEMA, is_canonical
    from cchc.dossiers.workdays import WorkingCalendar, calendar_table, default_calendar, load_calendar

# Each public name and the module it lives in: a module is imported when one of its names is first
# used, so that a command pays only for what it runs (the engine's Ibis, the generator's numpy, …).
_EXPORTS = {
    "CLASSES": "cchc.dossiers.metrics",
    "COLUMNS": "cchc.dossiers.schema",
    "COUNTS": "cchc.dossiers.metrics",
    "ColumnMapping": "cchc.dossiers.mapping",
    "DossierImportError": "cchc.dossiers.importer",
    "DossierResults": "cchc.dossiers.engine",
    "ImportResult": "cchc.dossiers.importer",
    "RATES": "cchc.dossiers.rates",
    "REORGANISATION": "cchc.dossiers.engine",
    "Rate": "cchc.dossiers.rates",
    "SCHEMA": "cchc.dossiers.schema",
    "WorkingCalendar": "cchc.dossiers.workdays",
    "available_mappings": "cchc.dossiers.mapping",
    "calendar_table": "cchc.dossiers.workdays",
    "compute": "cchc.dossiers.engine",
    "connect": "cchc.dossiers.backends",
    "connect_spark": "cchc.dossiers.backends",
    "count_behind": "cchc.dossiers.drill",
    "default_calendar": "cchc.dossiers.workdays",
    "detect_encoding": "cchc.dossiers.importer",
    "dossier_table": "cchc.dossiers.backends",
    "dossiers_behind": "cchc.dossiers.drill",
    "export_behind": "cchc.dossiers.drill",
    "figure_count": "cchc.dossiers.drill",
    "figure_dossiers": "cchc.dossiers.drill",
    "figure_export": "cchc.dossiers.drill",
    "generate": "cchc.dossiers.generator",
    "identity_errors": "cchc.dossiers.engine",
    "import_files": "cchc.dossiers.importer",
    "is_canonical": "cchc.dossiers.schema",
    "load_calendar": "cchc.dossiers.workdays",
    "load_mapping": "cchc.dossiers.mapping",
    "province_figures": "cchc.dossiers.engine",
    "shared_dossiers": "cchc.dossiers.importer",
    "unit_figures": "cchc.dossiers.engine",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cchc.dossiers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


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
