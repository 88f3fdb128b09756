"""An exported register imports back unchanged: no new item, no change, no audit record."""

from __future__ import annotations

import datetime as dt
import io

from cchc.web.registers.models import AssignedTask, Feedback, PlanTask, RegisterChange

D = dt.date


def test_exporting_and_importing_back_changes_nothing(world) -> None:
    PlanTask.objects.create(
        year=2023, number="1", title="Nhiệm vụ", owner=world.province, unit=world.unit_a, due_quarter=1
    )
    AssignedTask.objects.create(
        source_number="01/NQ-CP",
        assigned_on=D(2023, 1, 6),
        title="Nhiệm vụ",
        unit=world.unit_a,
        deadline=D(2023, 2, 1),
    )
    Feedback.objects.create(
        received_on=D(2023, 1, 3), subject="PAKN", unit=world.province, due_on=D(2023, 1, 17), via="cong-dvc"
    )
    client = world.client(world.reviewer)
    for kind in ("ke-hoach", "nhiem-vu-giao", "pakn"):
        data = io.BytesIO(client.get(f"/so-theo-doi/{kind}/excel/").content)
        data.name = f"{kind}.xlsx"
        text = client.post(f"/so-theo-doi/{kind}/nhap-excel/", {"file": data}, follow=True).content.decode()
        assert "thêm 0 mục, sửa 0 mục" in text, kind
    assert not RegisterChange.objects.exists()
    assert (PlanTask.objects.count(), AssignedTask.objects.count(), Feedback.objects.count()) == (1, 1, 1)
