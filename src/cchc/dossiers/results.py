"""The shapes of the engine's outputs, shared by the engine and the writers (outputs.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

LEVEL_NAMES = {"tinh": "Cấp tỉnh", "huyen": "Cấp huyện", "xa": "Cấp xã"}

DRILL_COLUMNS = (
    "dossier_id",
    "procedure_code",
    "procedure_name",
    "field",
    "unit_code",
    "unit_name",
    "parent_code",
    "level",
    "channel",
    "received_at",
    "due_day",
    "resolved_at",
    "status",
    "intake",
    "outcome",
    "working_days_late",
)
DRILL_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "dossier_id": "Mã hồ sơ",
        "procedure_code": "Mã thủ tục",
        "procedure_name": "Tên thủ tục",
        "field": "Lĩnh vực",
        "unit_code": "Mã đơn vị",
        "unit_name": "Đơn vị",
        "parent_code": "Đơn vị cấp trên",
        "level": "Cấp",
        "channel": "Hình thức nộp",
        "received_at": "Ngày tiếp nhận",
        "due_day": "Ngày hẹn trả",
        "resolved_at": "Ngày có kết quả",
        "status": "Trạng thái",
        "intake": "Nguồn",
        "outcome": "Kết quả tại ngày chốt",
        "working_days_late": "Số ngày làm việc quá hạn",
    }
)


@dataclass
class DossierResults:
    """Every dossier output of one period: the one-stop table, units, procedures, forms' figures, checks."""

    period: str
    window_start: date
    window_end: date
    one_stop: list[dict[str, Any]]
    units: list[dict[str, Any]]
    report_units: list[dict[str, Any]]
    procedures: list[dict[str, Any]]
    province: dict[str, Any]
    form_values: dict[str, dict[str, int]]
    identity_errors: list[str] = field(default_factory=list)
    # Facts worth telling that are not errors (e.g. district dossiers after 1/7/2025), in Vietnamese.
    notices: list[str] = field(default_factory=list)
