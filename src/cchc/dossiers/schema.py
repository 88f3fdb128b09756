"""The dossier schema (hồ sơ TTHC): one record per dossier received by a one-stop desk (bộ phận một cửa).

Every import produces Parquet files with exactly these columns and types; docs/dossiers.md explains each.
Coded columns hold the ASCII codes below; the mapping file of a source system turns its labels into them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

__all__ = [
    "CHANNELS",
    "COLUMNS",
    "LEVELS",
    "ONLINE_LEVELS",
    "SCHEMA",
    "STATUSES",
    "Column",
]


@dataclass(frozen=True)
class Column:
    """One column of the schema: canonical name, Arrow type, whether required, Vietnamese label."""

    name: str
    type: pa.DataType
    required: bool
    label: str
    codes: tuple[str, ...] = ()


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

TIMESTAMP = pa.timestamp("s")

COLUMNS: tuple[Column, ...] = (
    Column("dossier_id", pa.string(), True, "Mã hồ sơ"),
    Column("procedure_code", pa.string(), True, "Mã thủ tục"),
    Column("procedure_name", pa.string(), False, "Tên thủ tục"),
    Column("field", pa.string(), False, "Lĩnh vực"),
    Column("unit_code", pa.string(), True, "Mã đơn vị giải quyết"),
    Column("unit_name", pa.string(), False, "Tên đơn vị giải quyết"),
    Column("parent_code", pa.string(), False, "Mã đơn vị báo cáo cấp trên"),
    Column("level", pa.string(), True, "Cấp giải quyết", LEVELS),
    Column("channel", pa.string(), True, "Hình thức nộp", CHANNELS),
    Column("online_level", pa.string(), False, "Mức độ dịch vụ công trực tuyến", ONLINE_LEVELS),
    Column("received_at", TIMESTAMP, True, "Ngày tiếp nhận"),
    Column("due_at", TIMESTAMP, False, "Ngày hẹn trả"),
    Column("time_limit_days", pa.int32(), False, "Thời hạn giải quyết (ngày làm việc)"),
    Column("resolved_at", TIMESTAMP, False, "Ngày có kết quả / kết thúc xử lý"),
    Column("returned_at", TIMESTAMP, False, "Ngày trả kết quả cho người nộp"),
    Column("status", pa.string(), True, "Trạng thái", STATUSES),
    Column("fee", pa.int64(), False, "Phí, lệ phí (đồng)"),
    Column("paid_online", pa.bool_(), False, "Thanh toán trực tuyến"),
    Column("digitised", pa.bool_(), False, "Đã số hóa hồ sơ"),
)

SCHEMA = pa.schema([pa.field(column.name, column.type, nullable=not column.required) for column in COLUMNS])
BY_NAME = {column.name: column for column in COLUMNS}
