"""A partitioned folder (year=/month=/province=) is read only for the partitions a period needs: none
received after the window's last day, and only the province asked for (--province)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cchc.cli import main
from cchc.dossiers import compute, dossiers_behind, generate
from cchc.dossiers.backends import partition_files
from cchc.dossiers.outputs import to_json

# 2023Q1's window is 15/12/2022–14/03/2023: partitions from April 2023 on cannot hold its dossiers.
PERIOD = "2023Q1"


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The conftest's 20 000 dossiers (seed 7) as a partitioned folder of one province, thanh-hoa."""
    return generate(20_000, tmp_path_factory.mktemp("lake") / "ho-so", seed=7, partitioned=True)


def _corrupt(folder: Path) -> Path:
    """Overwrite the Parquet file(s) of a partition folder with bytes that are no Parquet file."""
    files = list(folder.glob("*.parquet"))
    assert files, folder
    for file in files:
        file.write_bytes(b"not a parquet file")
    return folder


def _copy(lake: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "ho-so"
    shutil.copytree(lake, copy)
    return copy


def test_the_folder_gives_the_files_outputs(lake: Path, generated: Path) -> None:
    assert to_json(compute(lake, PERIOD)) == to_json(compute(generated, PERIOD))


def test_partitions_after_the_window_are_not_opened(lake: Path, generated: Path, tmp_path: Path) -> None:
    copy = _copy(lake, tmp_path)
    for month in (4, 6, 12):
        _corrupt(copy / "year=2023" / f"month={month}" / "province=thanh-hoa")
    assert to_json(compute(copy, PERIOD)) == to_json(compute(generated, PERIOD))
    # The dossiers behind a figure read the same partitions.
    assert (
        dossiers_behind(copy, PERIOD, klass="overdue").num_rows
        == compute(generated, PERIOD).one_stop[-1]["overdue"]
    )
    opened = partition_files(copy, compute(generated, PERIOD).window_end)
    assert not any("year=2023/month=4/" in file or "year=2023/month=12/" in file for file in opened)
    assert any("year=2023/month=3/" in file for file in opened)
    assert any("year=2022/month=7/" in file for file in opened)  # carried-over dossiers come from here


def test_a_partition_the_window_needs_is_read(lake: Path, tmp_path: Path) -> None:
    # The same corruption inside the window fails: the pruning is what spares the files above.
    copy = _copy(lake, tmp_path)
    _corrupt(copy / "year=2023" / "month=2" / "province=thanh-hoa")
    with pytest.raises(Exception, match=r"(?i)parquet"):
        compute(copy, PERIOD)


def test_province_reads_only_its_partitions(lake: Path, generated: Path, tmp_path: Path) -> None:
    copy = _copy(lake, tmp_path)
    # A second province with the same dossiers, and a third whose files are broken.
    for month_folder in sorted(copy.glob("year=*/month=*")):
        shutil.copytree(month_folder / "province=thanh-hoa", month_folder / "province=nghe-an")
        _corrupt(shutil.copytree(month_folder / "province=thanh-hoa", month_folder / "province=ha-tinh"))
    alone = compute(generated, PERIOD)
    assert to_json(compute(copy, PERIOD, province="thanh-hoa")) == to_json(alone)
    assert to_json(compute(copy, PERIOD, province="nghe-an")) == to_json(alone)
    with pytest.raises(Exception, match=r"(?i)parquet"):
        compute(copy, PERIOD)  # every province: the broken one too
    with pytest.raises(ValueError, match="không có tệp hồ sơ của tỉnh «quang-tri»"):
        compute(copy, PERIOD, province="quang-tri")


def test_province_needs_a_partitioned_folder(generated: Path) -> None:
    with pytest.raises(ValueError, match="--province chỉ dùng với thư mục Parquet phân vùng"):
        compute(generated, PERIOD, province="thanh-hoa")


def test_the_command_reads_one_province(
    lake: Path, generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy(lake, tmp_path)
    for month_folder in sorted(copy.glob("year=*/month=*")):
        _corrupt(shutil.copytree(month_folder / "province=thanh-hoa", month_folder / "province=ha-tinh"))
    _corrupt(copy / "year=2023" / "month=5" / "province=thanh-hoa")
    command = ["dossiers", "compute", "--period", PERIOD, str(copy), "--province", "thanh-hoa"]
    assert main(command) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(to_json(compute(generated, PERIOD)))
    assert main([*command[:-1], "quang-tri"]) == 2
    assert "không có tệp hồ sơ của tỉnh «quang-tri»" in capsys.readouterr().err
