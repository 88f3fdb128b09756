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


def test_importing_the_package_loads_no_web_framework() -> None:
    probe = "import sys, cchc.dossiers; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "duckdb" in loaded
    assert "django" not in loaded
