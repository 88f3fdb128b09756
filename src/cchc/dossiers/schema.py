"""The dossier schema (hồ sơ TTHC): one record per dossier received by a one-stop desk (bộ phận một cửa).

Every import produces Parquet files with exactly these columns and types; docs/dossiers.md explains each.
Coded columns hold the ASCII codes below; the mapping file of a source system turns its labels into them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "CHANNELS",
    "COLUMNS",
    "LEVELS",
    "ONLINE_LEVELS",
    "STATUSES",
    "Column",
    "arrow_schema",
    "is_canonical",
]


@dataclass(frozen=True)
class Column:
    """One column of the schema: canonical name, kind (string, int32, int64, bool or timestamp),
    whether required, Vietnamese label."""

    name: str
    kind: str
    required: bool
    label: str
    codes: tuple[str, ...] = ()

    @property
    def type(self) -> pa.DataType:
        """The column's Arrow type (pyarrow is imported only when asked: computing needs none)."""
        import pyarrow as pa

        types = {"string": pa.string, "int32": pa.int32, "int64": pa.int64, "bool": pa.bool_}
        return pa.timestamp("s") if self.kind == "timestamp" else types[self.kind]()

    @property
    def sql_type(self) -> str:
        """The column's type as DuckDB describes a canonical file's column."""
        return _SQL[self.kind]


_SQL = {
    "string": "VARCHAR",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "bool": "BOOLEAN",
    "timestamp": "TIMESTAMP",
}


# Cấp giải quyết: tỉnh (sở, ban, ngành and UBND tỉnh), huyện, xã.
LEVELS = ("tinh", "huyen", "xa")
# Hình thức nộp: trực tuyến, trực tiếp, dịch vụ bưu chính công ích.
CHANNELS = ("truc_tuyen", "truc_tiep", "buu_chinh")
# Mức độ dịch vụ công trực tuyến of the procedure (Nghị định 42/2022): toàn trình, một phần; the older
# vocabulary mức 4 / mức 3 is kept as received; "khong" = not offered online.
ONLINE_LEVELS = ("toan_trinh", "mot_phan", "muc_4", "muc_3", "khong")
# Trạng thái at export time: đang xử lý, đã giải quyết (có kết quả), trả lại (hồ sơ không đủ điều kiện),
# rút (công dân rút hồ sơ), tạm dừng.
STATUSES = ("dang_xu_ly", "da_giai_quyet", "tra_lai", "rut", "tam_dung")

COLUMNS: tuple[Column, ...] = (
    Column("dossier_id", "string", True, "Mã hồ sơ"),
    Column("procedure_code", "string", True, "Mã thủ tục"),
    Column("procedure_name", "string", False, "Tên thủ tục"),
    Column("field", "string", False, "Lĩnh vực"),
    Column("unit_code", "string", True, "Mã đơn vị giải quyết"),
    Column("unit_name", "string", False, "Tên đơn vị giải quyết"),
    Column("parent_code", "string", False, "Mã đơn vị báo cáo cấp trên"),
    Column("level", "string", True, "Cấp giải quyết", LEVELS),
    Column("channel", "string", True, "Hình thức nộp", CHANNELS),
    Column("online_level", "string", False, "Mức độ dịch vụ công trực tuyến", ONLINE_LEVELS),
    Column("received_at", "timestamp", True, "Ngày tiếp nhận"),
    Column("due_at", "timestamp", False, "Ngày hẹn trả"),
    Column("time_limit_days", "int32", False, "Thời hạn giải quyết (ngày làm việc)"),
    Column("resolved_at", "timestamp", False, "Ngày có kết quả / kết thúc xử lý"),
    Column("returned_at", "timestamp", False, "Ngày trả kết quả cho người nộp"),
    Column("status", "string", True, "Trạng thái", STATUSES),
    Column("fee", "int64", False, "Phí, lệ phí (đồng)"),
    Column("paid_online", "bool", False, "Thanh toán trực tuyến"),
    Column("digitised", "bool", False, "Đã số hóa hồ sơ"),
)

BY_NAME = {column.name: column for column in COLUMNS}


@cache
def arrow_schema() -> pa.Schema:
    """The schema as Arrow's: what an import writes (timestamps in seconds)."""
    import pyarrow as pa

    return pa.schema([pa.field(column.name, column.type, nullable=not column.required) for column in COLUMNS])


def is_canonical(path: Path) -> bool:
    """Whether a file is already a canonical dossier Parquet file (written by cchc): its columns, in
    order, of the schema's types as DuckDB reads them (any timestamp unit is the same column)."""
    import duckdb

    if path.suffix.lower() != ".parquet":
        return False
    try:
        with duckdb.connect() as con:
            described = con.execute(
                "DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = false)", [str(path)]
            ).fetchall()
    except duckdb.Error:
        return False  # not a Parquet file DuckDB can read: the import says what is wrong with it
    found = [(name, "TIMESTAMP" if kind.startswith("TIMESTAMP") else kind) for name, kind, *_ in described]
    return found == [(column.name, column.sql_type) for column in COLUMNS]


def __getattr__(name: str) -> pa.Schema:
    # SCHEMA (the Arrow schema, arrow_schema()) is made when first used: a command that only computes
    # never imports pyarrow.
    if name == "SCHEMA":
        return arrow_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
