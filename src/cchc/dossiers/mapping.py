"""Column-mapping files: how one source system's export names and labels the schema's columns."""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from cchc.dossiers.schema import BY_NAME, CHANNELS, LEVELS, ONLINE_LEVELS, STATUSES

__all__ = ["ColumnMapping", "available_mappings", "load_mapping", "normalise_label"]

MAPPINGS = Path(__file__).parent / "mappings"

# Labels the Vietnamese one-stop systems write for the coded columns; a mapping file can add more.
_LABELS: dict[str, dict[str, str]] = {
    "level": {
        "tỉnh": "tinh", "cấp tỉnh": "tinh", "sở": "tinh", "huyện": "huyen", "cấp huyện": "huyen",
        "xã": "xa", "cấp xã": "xa",
    },
    "channel": {
        "trực tuyến": "truc_tuyen", "online": "truc_tuyen", "dvc trực tuyến": "truc_tuyen",
        "trực tiếp": "truc_tiep", "nộp trực tiếp": "truc_tiep", "bưu chính": "buu_chinh",
        "bưu chính công ích": "buu_chinh", "dịch vụ bưu chính công ích": "buu_chinh", "bccí": "buu_chinh",
    },
    "online_level": {
        "toàn trình": "toan_trinh", "một phần": "mot_phan", "mức 3": "muc_3", "mức độ 3": "muc_3",
        "mức 4": "muc_4", "mức độ 4": "muc_4", "không": "khong", "dvc cung cấp thông tin": "khong",
        "mức 2": "khong", "mức độ 2": "khong",
    },
    "status": {
        "đang xử lý": "dang_xu_ly", "đang giải quyết": "dang_xu_ly", "đã giải quyết": "da_giai_quyet",
        "đã có kết quả": "da_giai_quyet", "hoàn thành": "da_giai_quyet", "trả lại": "tra_lai",
        "trả lại hồ sơ": "tra_lai", "từ chối": "tra_lai", "rút": "rut", "rút hồ sơ": "rut",
        "công dân rút hồ sơ": "rut", "tạm dừng": "tam_dung",
    },
}  # fmt: skip
_CODES = {"level": LEVELS, "channel": CHANNELS, "online_level": ONLINE_LEVELS, "status": STATUSES}
TRUE_LABELS = ("1", "x", "có", "co", "true", "đã thanh toán", "đã số hóa", "yes")
FALSE_LABELS = ("0", "không", "khong", "false", "chưa", "chưa thanh toán", "chưa số hóa", "no")
DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)


def normalise_label(text: str) -> str:
    """A header or label as compared: NFC, trimmed, lower case, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).strip().lower().split())


@dataclass(frozen=True)
class ColumnMapping:
    """One source system's export: schema column → header, and label → code for coded columns."""

    name: str
    description: str
    columns: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]]
    date_formats: tuple[str, ...] = DATE_FORMATS
    label: str = ""  # what pages call it ("Một cửa điện tử"); the name when the file has none


def parse_mapping(text: str, name: str) -> ColumnMapping:
    """Read a mapping file; ValueError with a Vietnamese message when it is wrong."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"Tệp ánh xạ {name}: {error}") from error
    columns = raw.get("columns", {})
    unknown = [key for key in columns if key not in BY_NAME]
    if unknown:
        raise ValueError(f"Tệp ánh xạ {name}: cột không có trong lược đồ: {', '.join(unknown)}.")
    missing = [c.name for c in BY_NAME.values() if c.required and c.name not in columns]
    if missing:
        raise ValueError(f"Tệp ánh xạ {name}: thiếu cột bắt buộc {', '.join(missing)}.")
    values: dict[str, Mapping[str, str]] = {}
    for column, codes in _CODES.items():
        labels = {code: code for code in codes} | dict(_LABELS[column])
        for label, code in raw.get("values", {}).get(column, {}).items():
            if code not in codes:
                raise ValueError(f"Tệp ánh xạ {name} [values.{column}]: «{code}» không phải mã hợp lệ.")
            labels[label] = code
        values[column] = MappingProxyType({normalise_label(key): code for key, code in labels.items()})
    formats = tuple(raw.get("date_formats", DATE_FORMATS))
    return ColumnMapping(
        str(raw.get("name", name)),
        str(raw.get("description", "")),
        MappingProxyType({key: str(header) for key, header in columns.items()}),
        MappingProxyType(values),
        formats,
        str(raw.get("label", "")) or str(raw.get("name", name)),
    )


def available_mappings() -> list[str]:
    """The names of the shipped mapping files."""
    return sorted(path.stem for path in MAPPINGS.glob("*.toml"))


def load_mapping(name_or_path: str | Path = "cchc") -> ColumnMapping:
    """A shipped mapping by name (e.g. "mot-cua") or a mapping file by path."""
    path = Path(name_or_path)
    if not path.is_file():
        path = MAPPINGS / f"{name_or_path}.toml"
    if not path.is_file():
        raise ValueError(f"Không có tệp ánh xạ «{name_or_path}» (có sẵn: {', '.join(available_mappings())}).")
    return parse_mapping(path.read_text(encoding="utf-8"), path.name)
