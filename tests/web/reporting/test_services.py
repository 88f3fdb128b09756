"""Saving values, the workflow and the aggregate through the service layer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cchc.core.numbers import CellKind
from cchc.web.reporting.models import Status, ValueChange, WorkflowEvent
from cchc.web.reporting.services import (
    ConflictError,
    SaveError,
    WorkflowError,
    province_aggregate,
    save_values,
    submission_for,
    transition,
)


def test_a_save_stores_numbers_dashes_and_zero_apart_and_audits_each_cell(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    result = save_values(
        form,
        world.reporter_a,
        {
            "BM3-3.1.1": ("1.250", None),
            "BM3-3.1.2": ("1.200", "đúng hạn"),
            "BM3-3.4.1": ("-", None),
            "BM3-3.4.2": ("0", None),
        },
        expected_version=0,
    )
    assert result.changed == 4 and result.version == 1
    cells = {v.code: v.cell for v in form.values.all()}
    assert cells["BM3-3.1.1"].number == 1250
    assert cells["BM3-3.4.1"].kind is CellKind.DASH
    assert cells["BM3-3.4.2"].kind is CellKind.NUMBER and cells["BM3-3.4.2"].number == 0
    change = ValueChange.objects.get(code="BM3-3.1.2")
    assert (change.old_text, change.new_text, change.new_note, change.user) == (
        "",
        "1.200",
        "đúng hạn",
        world.reporter_a,
    )


def test_it_refuses_text_in_a_number_cell_and_saves_nothing(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    with pytest.raises(SaveError) as error:
        save_values(form, world.reporter_a, {"BM3-3.1.1": ("100", None), "BM3-3.1.2": ("nhiều", None)})
    assert "Số hồ sơ TTHC giải quyết đúng hạn: «nhiều»" in error.value.problems["BM3-3.1.2"]
    assert not form.values.exists()


def test_it_refuses_a_save_started_from_an_older_version(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("10", None)}, expected_version=0)
    with pytest.raises(ConflictError):
        save_values(form, world.reporter_a, {"BM3-3.1.1": ("11", None)}, expected_version=0)
    assert form.values.get(code="BM3-3.1.1").text == "10"


def test_a_reporter_cannot_save_another_units_form(world) -> None:
    form = submission_for(world.unit_b, world.period, 3)
    with pytest.raises(PermissionDenied):
        save_values(form, world.reporter_a, {"BM3-3.2.1": ("10", None)})


def test_the_workflow_goes_submit_return_resubmit_approve_reopen(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("10", None), "BM3-3.1.2": ("9", None)})
    form = transition(form, world.reporter_a, "submit")
    with pytest.raises(WorkflowError):
        transition(form, world.reviewer, "return")
    form = transition(form, world.reviewer, "return", "Kiểm tra lại mục 3.1.2")
    form = transition(form, world.reporter_a, "submit")
    form = transition(form, world.reviewer, "approve")
    assert form.status == Status.APPROVED
    with pytest.raises(SaveError):
        save_values(form, world.reporter_a, {"BM3-3.1.1": ("11", None)})
    form = transition(form, world.reviewer, "reopen", "Sửa số liệu theo kết luận")
    assert form.status == Status.RETURNED
    assert list(WorkflowEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "approve",
        "reopen",
    ]


def test_the_province_rate_is_recomputed_from_summed_counts_not_averaged(world) -> None:
    a = submission_for(world.unit_a, world.period, 3)
    save_values(a, world.reporter_a, {"BM3-3.1.1": ("100", None), "BM3-3.1.2": ("50", None)})
    province = submission_for(world.province, world.period, 3)
    # A second department would be needed for an average to differ; the province's own counts do.
    b = submission_for(world.unit_b, world.period, 3)
    save_values(b, world.reporter_b, {"BM3-3.3.1": ("300", None), "BM3-3.3.2": ("297", None)})
    total = province_aggregate(world.period)
    assert total["BM3-3.1"].number == Decimal("50.00")
    assert total["BM3-3.3"].number == Decimal("99.00")
    assert province.values.count() == 0


def test_it_refuses_a_number_the_database_cannot_hold_exactly(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    with pytest.raises(SaveError) as error:
        save_values(
            form,
            world.reporter_a,
            {"BM3-3.1.1": ("1000000000000000000", None), "BM3-3.1.2": ("1,0000001", None)},
        )
    assert set(error.value.problems) == {"BM3-3.1.1", "BM3-3.1.2"}
    assert "vượt quá giới hạn lưu trữ" in error.value.problems["BM3-3.1.1"]
    assert not form.values.exists()


def test_a_refused_first_save_leaves_no_empty_form_behind(world) -> None:
    from cchc.web.reporting.models import Submission

    unsaved = Submission(unit=world.unit_a, period=world.period, form=3)
    with pytest.raises(SaveError):
        save_values(unsaved, world.reporter_a, {"BM3-3.1.1": ("nhiều", None)})
    with pytest.raises(ConflictError):
        save_values(unsaved, world.reporter_a, {"BM3-3.1.1": ("10", None)}, expected_version=3)
    assert not Submission.objects.exists()
    assert (
        save_values(unsaved, world.reporter_a, {"BM3-3.1.1": ("10", None)}, expected_version=0).version == 1
    )
    assert Submission.objects.get().values.get().text == "10"
