"""A save locks the forms it will write before it counts, so concurrent saves count one after the other."""

from __future__ import annotations

import datetime as dt

from cchc.web.registers import figures
from cchc.web.registers.kinds import REGISTERS
from cchc.web.registers.services import save_items

D = dt.date


def test_the_target_forms_are_locked_before_the_items_are_counted(world, monkeypatch) -> None:
    steps: list[str] = []
    lock, count = figures._lock_submissions, figures.count_items

    def locking(*args, **kwargs):
        steps.append("lock")
        return lock(*args, **kwargs)

    def counting(*args, **kwargs):
        steps.append("count")
        return count(*args, **kwargs)

    monkeypatch.setattr(figures, "_lock_submissions", locking)
    monkeypatch.setattr(figures, "count_items", counting)
    values = {"received_on": D(2023, 1, 3), "subject": "PAKN", "unit": world.unit_a, "due_on": D(2023, 1, 17)}
    save_items(REGISTERS["pakn"], [(None, values)], world.reporter_a)
    assert steps[0] == "lock"
    assert steps.index("lock") < max(i for i, step in enumerate(steps) if step == "count")
    # The figure written is counted after the lock: the last count comes after the last lock.
    assert max(i for i, s in enumerate(steps) if s == "count") > max(
        i for i, s in enumerate(steps) if s == "lock"
    )
