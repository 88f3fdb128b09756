"""The dossier package's public surface is deliberate, and the core stays free of its engines."""

from __future__ import annotations

import subprocess
import sys

import cchc.dossiers


def test_the_package_exports_exactly_its_public_names() -> None:
    assert set(cchc.dossiers.__all__) == {
        "CLASSES", "COLUMNS", "COUNTS", "RATES", "SCHEMA", "REORGANISATION", "ColumnMapping", "DossierImportError",
        "DossierResults", "ImportResult", "Rate", "WorkingCalendar", "available_mappings", "calendar_table",
        "compute", "connect", "connect_spark", "count_behind", "default_calendar", "detect_encoding", "dossier_table", "dossiers_behind",
        "export_behind", "figure_count", "figure_dossiers", "figure_export", "generate", "identity_errors", "import_files", "is_canonical", "load_calendar",
        "load_mapping", "province_figures", "shared_dossiers", "unit_figures",
    }  # fmt: skip
    assert all(hasattr(cchc.dossiers, name) for name in cchc.dossiers.__all__)


def _modules_loaded_by(code: str) -> set[str]:
    probe = f"import sys; {code}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def test_importing_the_package_loads_no_engine_until_a_name_is_used() -> None:
    assert not {"ibis", "duckdb", "pyarrow", "numpy", "django"} & _modules_loaded_by("import cchc.dossiers")
    used = _modules_loaded_by("import cchc.dossiers; cchc.dossiers.compute; cchc.dossiers.connect()")
    assert {"ibis", "duckdb"} <= used
    assert "django" not in used
