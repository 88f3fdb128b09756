"""A generated file written out as a one-stop CSV export (Vietnamese headers, dd/mm/yyyy) and imported
back gives exactly the same figures."""

from __future__ import annotations

from pathlib import Path

import duckdb

from cchc.dossiers import compute, import_files, load_mapping


def test_an_exported_and_reimported_file_gives_the_same_figures(generated: Path, tmp_path: Path) -> None:
    headers = load_mapping("mot-cua").columns
    columns = ", ".join(
        f"strftime({name}, '%d/%m/%Y %H:%M:%S') AS \"{header}\""
        if name.endswith("_at")
        else f'{name} AS "{header}"'
        for name, header in headers.items()
    )
    export = tmp_path / "so-theo-doi.csv"
    duckdb.sql(f"COPY (SELECT {columns} FROM '{generated}') TO '{export}' (HEADER, DELIMITER ';')")
    imported = import_files([export], tmp_path / "imported.parquet", mapping="mot-cua")
    assert imported.rows == 20_000
    again, original = compute(imported.path, "2023Q1"), compute(generated, "2023Q1")
    assert again.one_stop == original.one_stop
    assert again.units == original.units
    assert again.form_values == original.form_values
