"""Figures from a register or from dossiers: written into the forms, shown read-only, never overtyped."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.web.reporting import hooks
from cchc.web.reporting.hooks import link_for, register_link
from cchc.web.reporting.models import Channel, Status, ValueChange
from cchc.web.reporting.services import SaveError, save_values, submission_for, transition
from cchc.web.reporting.sources import write_sourced_values

SOURCE = "Sổ theo dõi PAKN"


def _values(world, form: int) -> dict[str, tuple[str, str]]:
    submission = submission_for(world.unit_a, world.period, form)
    return {value.code: (value.text, value.source) for value in submission.values.all()}


def test_it_writes_sourced_figures_into_the_right_forms_with_an_audit_record(world) -> None:
    result = write_sourced_values(
        world.unit_a,
        world.period,
        {"BM3-3.4.1": 42, "BM3-3.4.2": Decimal(39), "BM1-2.1": "-"},
        source=SOURCE,
        channel=Channel.REGISTER,
    )
    assert (result.changed, result.skipped) == (3, [])
    assert _values(world, 3) == {"BM3-3.4.1": ("42", SOURCE), "BM3-3.4.2": ("39", SOURCE)}
    assert _values(world, 1) == {"BM1-2.1": ("-", SOURCE)}
    change = ValueChange.objects.get(code="BM3-3.4.1")
    assert (change.old_text, change.new_text, change.channel, change.user) == ("", "42", "register", None)
    assert submission_for(world.unit_a, world.period, 3).version == 1


def test_writing_the_same_figures_again_changes_nothing(world) -> None:
    figures = {"BM3-3.4.1": 42, "BM3-3.4.2": 39}
    write_sourced_values(world.unit_a, world.period, figures, source=SOURCE, channel=Channel.REGISTER)
    again = write_sourced_values(world.unit_a, world.period, figures, source=SOURCE, channel=Channel.REGISTER)
    assert again.changed == 0
    assert ValueChange.objects.count() == 2
    assert submission_for(world.unit_a, world.period, 3).version == 1


def test_a_typed_change_to_a_sourced_figure_is_refused_naming_the_row(world) -> None:
    write_sourced_values(
        world.unit_a, world.period, {"BM3-3.4.1": 42}, source=SOURCE, channel=Channel.REGISTER
    )
    form = submission_for(world.unit_a, world.period, 3)
    with pytest.raises(SaveError) as error:
        save_values(form, world.reporter_a, {"BM3-3.4.1": ("40", None), "BM3-3.1.1": ("5", None)})
    assert "Tổng số PAKN đã tiếp nhận: số liệu lấy tự động" in error.value.problems["BM3-3.4.1"]
    assert "Sổ theo dõi PAKN" in error.value.problems["BM3-3.4.1"]
    assert _values(world, 3) == {"BM3-3.4.1": ("42", SOURCE)}


def test_a_blank_or_unchanged_cell_for_a_sourced_row_keeps_the_sources_figure(world) -> None:
    write_sourced_values(
        world.unit_a, world.period, {"BM3-3.4.1": 42}, source=SOURCE, channel=Channel.REGISTER
    )
    form = submission_for(world.unit_a, world.period, 3)
    result = save_values(
        form, world.reporter_a, {"BM3-3.4.1": ("", None), "BM3-3.4.2": ("", None), "BM3-3.1.1": ("5", None)}
    )
    assert result.changed == 1
    result = save_values(form, world.reporter_a, {"BM3-3.4.1": ("42", None)})
    assert result.changed == 0
    # The same number written another way ("42,0") is the same figure, not a change.
    assert save_values(form, world.reporter_a, {"BM3-3.4.1": ("42,0", None)}).changed == 0
    assert _values(world, 3) == {"BM3-3.4.1": ("42", SOURCE), "BM3-3.1.1": ("5", "")}


def test_a_submitted_form_is_left_alone_and_named(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("10", None), "BM3-3.1.2": ("9", None)})
    transition(form, world.reporter_a, "submit")
    result = write_sourced_values(
        world.unit_a, world.period, {"BM3-3.4.1": 42, "BM1-2.1": 3}, source=SOURCE, channel=Channel.REGISTER
    )
    assert result.changed == 1
    assert result.skipped == [
        "Sở Tư pháp, Biểu mẫu 3 (Quý I năm 2023) đang ở trạng thái «Đã gửi»: "
        "số liệu từ «Sổ theo dõi PAKN» chưa được cập nhật."
    ]
    assert "BM3-3.4.1" not in _values(world, 3)
    assert submission_for(world.unit_a, world.period, 3).status == Status.SUBMITTED


def test_none_hands_a_sourced_row_back_to_typing_but_never_clears_a_typed_figure(world) -> None:
    write_sourced_values(
        world.unit_a, world.period, {"BM3-3.4.1": 42}, source=SOURCE, channel=Channel.REGISTER
    )
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.4.2": ("7", None)})
    write_sourced_values(
        world.unit_a,
        world.period,
        {"BM3-3.4.1": None, "BM3-3.4.2": None},
        source=SOURCE,
        channel=Channel.REGISTER,
    )
    assert _values(world, 3) == {"BM3-3.4.2": ("7", "")}
    save_values(form, world.reporter_a, {"BM3-3.4.1": ("40", None)})
    assert _values(world, 3)["BM3-3.4.1"] == ("40", "")


def test_a_row_outside_the_units_input_rows_is_a_programming_error(world) -> None:
    with pytest.raises(ValueError):
        write_sourced_values(world.unit_a, world.period, {"BM3-3.2.1": 1}, source=SOURCE, channel="register")
    with pytest.raises(ValueError):
        write_sourced_values(world.unit_a, world.period, {"BM3-3.1": 1}, source=SOURCE, channel="register")
    assert not _values(world, 3)


def test_the_entry_page_shows_a_sourced_figure_read_only_with_its_source_and_link(world, monkeypatch) -> None:
    monkeypatch.setattr(hooks, "_LINKS", {})
    register_link(
        "pakn",
        lambda unit, period, code: f"/pakn/{unit.code}/{code}/" if code.startswith("BM3-3.4") else None,
    )
    write_sourced_values(
        world.unit_a, world.period, {"BM3-3.4.1": 1250}, source=SOURCE, channel=Channel.REGISTER
    )
    page = world.client(world.reporter_a).get(f"/ky/{world.period.code}/don-vi/so-tu-phap/bieu/3/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="sourced-BM3-3.4.1">1.250</span>' in html
    assert 'name="v-BM3-3.4.1"' not in html
    assert '<a href="/pakn/so-tu-phap/BM3-3.4.1/">Sổ theo dõi PAKN</a>' in html
    assert 'name="v-BM3-3.4.2"' in html
    assert link_for(world.unit_a, world.period, "BM3-3.1.1") is None


def test_a_submitted_form_whose_figures_are_already_right_is_not_named(world) -> None:
    write_sourced_values(
        world.unit_a, world.period, {"BM3-3.4.1": 42}, source=SOURCE, channel=Channel.REGISTER
    )
    form = submission_for(world.unit_a, world.period, 3)
    transition(form, world.reporter_a, "submit")
    again = write_sourced_values(
        world.unit_a, world.period, {"BM3-3.4.1": 42}, source=SOURCE, channel=Channel.REGISTER
    )
    assert (again.changed, again.skipped) == (0, [])


def test_sources_are_refreshed_before_a_submit_and_after_a_return(world, monkeypatch) -> None:
    register = {"BM3-3.4.1": 5}
    calls = []

    def refresher(unit, period, *, user, request_id):
        calls.append(unit.code)
        return write_sourced_values(unit, period, register, source=SOURCE, channel=Channel.REGISTER).skipped

    monkeypatch.setattr(hooks, "_REFRESHERS", {})
    hooks.register_refresher("pakn", refresher)
    form = submission_for(world.unit_a, world.period, 3)
    form = transition(form, world.reporter_a, "submit")
    assert _values(world, 3) == {"BM3-3.4.1": ("5", SOURCE)}
    # The register changes while the form is with the reviewer: the form keeps what was submitted…
    register["BM3-3.4.1"] = 7
    refresher(world.unit_a, world.period, user=None, request_id="")
    assert _values(world, 3) == {"BM3-3.4.1": ("5", SOURCE)}
    # …and gets the new figure as soon as it is returned to the unit.
    transition(form, world.reviewer, "return", "Xem lại mục 3.4")
    assert _values(world, 3) == {"BM3-3.4.1": ("7", SOURCE)}
    assert calls == ["so-tu-phap", "so-tu-phap", "so-tu-phap"]
