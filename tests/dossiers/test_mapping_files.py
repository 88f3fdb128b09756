"""Mapping files: the shipped ones load, and a wrong one is refused with a Vietnamese message."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.dossiers import available_mappings, load_mapping


def test_the_shipped_mappings_load() -> None:
    assert available_mappings() == ["cchc", "mot-cua"]
    mot_cua = load_mapping("mot-cua")
    assert mot_cua.columns["received_at"] == "Ngày tiếp nhận"
    # Its own labels and the built-in ones, compared in lower case.
    assert mot_cua.values["status"]["đã trả kết quả"] == "da_giai_quyet"
    assert mot_cua.values["channel"]["bưu chính công ích"] == "buu_chinh"


def test_a_mapping_file_given_by_path_is_read(tmp_path: Path) -> None:
    path = tmp_path / "he-thong-khac.toml"
    text = (Path(__file__).parents[2] / "src/cchc/dossiers/mappings/mot-cua.toml").read_text(encoding="utf-8")
    path.write_text(text.replace('"Ngày tiếp nhận"', '"Ngày nhận hồ sơ"'), encoding="utf-8")
    assert load_mapping(path).columns["received_at"] == "Ngày nhận hồ sơ"


def test_an_unknown_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sai.toml"
    path.write_text('[columns]\nngay_nhan = "Ngày nhận"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="cột không có trong lược đồ: ngay_nhan"):
        load_mapping(path)


def test_a_label_mapped_to_an_unknown_code_is_refused(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "src/cchc/dossiers/mappings/cchc.toml").read_text(encoding="utf-8")
    path = tmp_path / "sai.toml"
    path.write_text(text + '\n[values.channel]\n"Zalo" = "zalo"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[values\.channel\]: «zalo» không phải mã hợp lệ"):
        load_mapping(path)


def test_an_unknown_mapping_name_lists_the_shipped_ones() -> None:
    with pytest.raises(ValueError, match=r"Không có tệp ánh xạ «igate» \(có sẵn: cchc, mot-cua\)"):
        load_mapping("igate")
