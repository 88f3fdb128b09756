"""The province's plan targets (chỉ tiêu kế hoạch, targets.toml): the dashboard and the report read them."""

from __future__ import annotations

import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TARGETS_FILE = Path(__file__).with_name("targets.toml")


def load_targets(path: Path = TARGETS_FILE) -> dict[str, Decimal]:
    """The province's plan targets from targets.toml (name → percent), read on every call so edits show."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return {name: Decimal(str(value)) for name, value in data.items()}
    except (OSError, tomllib.TOMLDecodeError, InvalidOperation) as error:
        raise ImproperlyConfigured(f"Không đọc được chỉ tiêu kế hoạch trong {path.name}: {error}") from error


def on_time_target() -> Decimal:
    """The plan target for the on-time rate (tỷ lệ giải quyết đúng hạn), in percent."""
    return load_targets()["on_time_rate"]
