"""Which rows a register fills, and with which of its counts, is catalogue data (a row's «source»)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from catalogue_copy import copy_with
from cchc.catalogues import default_catalogue, load_catalogue
from cchc.core.catalogue import CatalogueError
from cchc.web.registers.figures import count_items, register_rows, row_codes
from cchc.web.registers.kinds import REGISTERS
from cchc.web.reporting import services

D = dt.date


def test_the_shipped_catalogue_binds_the_three_registers_to_bm1_2_bm1_5_and_bm3_3_4() -> None:
    catalogue = default_catalogue()
    assert register_rows(REGISTERS["ke-hoach"], catalogue) == {"BM1-2.1": "planned", "BM1-2.2": "completed"}
    assert register_rows(REGISTERS["nhiem-vu-giao"], catalogue) == {
        "BM1-5.1": "total",
        "BM1-5.2": "on_time",
        "BM1-5.3": "late",
        "BM1-5.4": "overdue",
    }
    assert register_rows(REGISTERS["pakn"], catalogue) == {"BM3-3.4.1": "received", "BM3-3.4.2": "handled"}


def feedback(received: dt.date, handled: dt.date | None):  # type: ignore[no-untyped-def]
    from cchc.web.registers.models import Feedback

    return Feedback(received_on=received, due_on=received + dt.timedelta(days=14), handled_on=handled)


def test_a_register_binding_changed_in_a_copy_is_what_the_forms_get(
    world, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 3.4.2 counts what was received, and the plan's 2.2 no longer comes from the register.
    folder = copy_with(
        tmp_path,
        ("bm3.toml", 'source = { register = "pakn", count = "handled" }', 'source = { register = "pakn", count = "received" }'),
        ("bm1.toml", 'source = { register = "ke-hoach", count = "completed" }\n', ""),
    )  # fmt: skip
    copy = load_catalogue(folder)
    monkeypatch.setattr(services, "_catalogue", lambda template: copy)
    items = [feedback(D(2023, 1, 3), D(2023, 1, 9)), feedback(D(2023, 3, 3), None)]
    assert count_items(REGISTERS["pakn"], items, world.period) == {"BM3-3.4.1": 2, "BM3-3.4.2": 2}
    assert row_codes(REGISTERS["ke-hoach"], world.period) == ("BM1-2.1",)


def test_a_source_naming_an_unknown_count_is_refused_with_the_row(tmp_path: Path) -> None:
    folder = copy_with(
        tmp_path,
        ("bm3.toml", 'source = { register = "pakn", count = "handled" }', 'source = { register = "pakn", count = "da_xu_ly" }'),
    )  # fmt: skip
    with pytest.raises(CatalogueError) as error:
        register_rows(REGISTERS["pakn"], load_catalogue(folder))
    assert str(error.value) == (
        "Chỉ tiêu «BM3-3.4.2»: «source» của sổ theo dõi «pakn» đếm «da_xu_ly» không có (received, handled)."
    )
