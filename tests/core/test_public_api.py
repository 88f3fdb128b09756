"""The core's public surface is deliberate: adding or removing a name is a decision, not an accident."""

import subprocess
import sys

import cchc.core


def test_the_core_exports_exactly_its_public_names() -> None:
    public = {name for name in dir(cchc.core) if not name.startswith("_")}
    modules = {
        "aggregation",
        "catalogue",
        "compare",
        "formula",
        "indicators",
        "narrative",
        "claims",
        "notes",
        "numbers",
        "par",
        "periods",
        "validation",
    }
    assert public - modules == set(cchc.core.__all__)
    assert len(cchc.core.__all__) == 36


def test_the_core_imports_no_framework_or_file_format_library() -> None:
    probe = "import sys, cchc.core; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "cchc" in loaded
    assert not loaded & {"django", "docx", "lxml", "duckdb", "openpyxl", "xlsxwriter"}
