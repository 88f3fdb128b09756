"""Cumulative (lũy kế) rows can only grow within a year."""

from __future__ import annotations

from cchc.web.reporting.services import (
    catalogue_for,
    ensure_period,
    save_values,
    submission_for,
    unit_findings,
)


def test_a_cumulative_figure_below_the_previous_quarters_is_flagged(world) -> None:
    q1, q2 = world.period, ensure_period("2023Q2")
    save_values(submission_for(world.province, q1, 1), world.reviewer, {"BM1-2.1": ("8", None)})
    save_values(submission_for(world.province, q2, 1), world.reviewer, {"BM1-2.1": ("5", None)})
    findings = [
        f for f in unit_findings(catalogue_for(q2), world.province, q2) if f.rule == "cumulative-decrease"
    ]
    assert [f.codes for f in findings] == [("BM1-2.1",)]
    assert "nhỏ hơn 8 đã báo cáo quý I năm 2023" in findings[0].message


def test_a_growing_cumulative_figure_is_fine(world) -> None:
    q1, q2 = world.period, ensure_period("2023Q2")
    save_values(submission_for(world.province, q1, 1), world.reviewer, {"BM1-2.1": ("8", None)})
    save_values(submission_for(world.province, q2, 1), world.reviewer, {"BM1-2.1": ("15", None)})
    assert not [
        f for f in unit_findings(catalogue_for(q2), world.province, q2) if f.rule == "cumulative-decrease"
    ]
