"""Tests for the statistical catalogue (cchc.core.catalogue) and the shipped template (cchc.catalogues)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from catalogue_copy import copy_with
from cchc.catalogues import DEFAULT_TEMPLATE, default_catalogue, load_catalogue
from cchc.core.catalogue import (
    Aggregation,
    Catalogue,
    CatalogueError,
    CodeOption,
    Kind,
    Level,
    Over,
    Severity,
    compile_alias,
    parse_catalogue,
    row_code,
)

# --- the shipped catalogue ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return default_catalogue()


def test_the_shipped_catalogue_is_the_581_template(shipped: Catalogue) -> None:
    assert DEFAULT_TEMPLATE == "bnv-581"
    assert shipped.id == "bnv-581"
    assert shipped.version == "2023"
    assert shipped.title == "Thống kê số liệu về kết quả thực hiện công tác cải cách hành chính"
    assert "581/BNV-CCHC" in shipped.source


def test_it_has_the_seven_forms_with_their_row_counts(shipped: Catalogue) -> None:
    assert [form.number for form in shipped.forms] == [1, 2, 3, 4, 5, 6, 7]
    assert [len(form.rows) for form in shipped.forms] == [22, 14, 25, 21, 16, 13, 35]
    assert len(shipped.rows) == 146
    assert shipped.form(3).title == "Cải cách thủ tục hành chính"
    assert shipped.form(7).title == "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"


def test_it_has_ten_declared_rules_and_three_narrative_quantities(shipped: Catalogue) -> None:
    assert len(shipped.rules) == 10
    assert shipped.rules[0].id == "dvsncl-bm4-bang-bm6"
    assert len({rule.id for rule in shipped.rules}) == 10
    assert [quantity.code for quantity in shipped.quantities] == ["NT-1", "NT-2", "NT-3"]


def test_the_rows_mapping_matches_the_forms_rows(shipped: Catalogue) -> None:
    in_forms = [row.code for form in shipped.forms for row in form.rows]
    assert sorted(in_forms) == sorted(shipped.rows)
    for form in shipped.forms:
        for row in form.rows:
            assert row.form == form.number
            assert row.code == row_code(form.number, row.stt)
            assert shipped.row(row.code) is row


def test_a_row_code_joins_form_and_stt() -> None:
    assert row_code(3, "3.1.2") == "BM3-3.1.2"


def test_bm3_3_1_is_the_on_time_rate_of_the_departments(shipped: Catalogue) -> None:
    row = shipped.row("BM3-3.1")
    assert row.kind is Kind.PERCENT
    assert row.unit == "%"
    assert row.formula is not None
    assert row.formula.source == "pct(BM3-3.1.2, BM3-3.1.1)"
    assert row.formula.references == ("BM3-3.1.2", "BM3-3.1.1")
    assert row.aggregation is Aggregation.RECOMPUTE
    assert row.decimals == 2
    assert row.levels == (Level.SO,)
    assert row.name == "Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn"


def test_bm3_1_4_is_the_total_of_its_three_levels(shipped: Catalogue) -> None:
    row = shipped.row("BM3-1.4")
    assert row.kind is Kind.COUNT
    assert row.formula is not None
    assert row.formula.references == ("BM3-1.4.1", "BM3-1.4.2", "BM3-1.4.3")
    assert row.aggregation is Aggregation.SUM
    assert row.decimals == 0
    assert row.unit == "Thủ tục"


def test_bm1_6_is_a_yes_no_code_combined_by_max(shipped: Catalogue) -> None:
    row = shipped.row("BM1-6")
    assert row.kind is Kind.CODE
    assert row.options == (CodeOption(1, "Có"), CodeOption(0, "Không"))
    assert {option.value: option.label for option in row.options} == {1: "Có", 0: "Không"}
    assert row.option_values == frozenset({0, 1})
    assert row.aggregation is Aggregation.MAX
    assert row.formula is None


def test_bm1_6_2_is_a_three_way_code(shipped: Catalogue) -> None:
    row = shipped.row("BM1-6.2")
    assert row.kind is Kind.CODE
    assert [(option.value, option.label) for option in row.options] == [
        (0, "Trực tuyến"),
        (1, "Phát phiếu"),
        (2, "Kết hợp"),
    ]


def test_bm1_2_is_a_rate_over_cumulative_parts(shipped: Catalogue) -> None:
    # "Lũy kế đến thời điểm báo cáo": the rate is recomputed from its year-to-date parts.
    assert shipped.row("BM1-2").time is Over.RATE
    assert shipped.row("BM1-2.1").cumulative
    assert shipped.row("BM1-2.2").cumulative
    assert not shipped.row("BM1-1").cumulative


def test_every_row_says_what_it_is_over_time(shipped: Catalogue) -> None:
    time = {code: row.time for code, row in shipped.rows.items()}
    assert (time["BM3-3.1.1"], time["BM4-2.2"], time["BM5-3"], time["BM3-3.1"]) == (
        Over.FLOW,  # dossiers resolved in the window
        Over.STOCK,  # staff present at the cut-off
        Over.CUMULATIVE,  # lũy kế from the start of the year
        Over.RATE,  # recomputed, never summed
    )
    assert (time["BM1-6"], time["BM7-1"], time["BM3-1.4"], time["BM6-1.2"]) == (
        Over.FLOW,  # a survey held in the window
        Over.STOCK,  # a system's state
        Over.STOCK,  # procedures in force
        Over.CUMULATIVE,  # disbursed since the start of the year
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('stt = "3.1.1"', 'stt = "3.1.1"\ntime = "sometimes"'),
            "loại theo thời gian (time) «sometimes» không hợp lệ",
        ),
        (
            ('stt = "3.1"\n', 'stt = "3.1"\ntime = "flow"\n'),
            '«time = "rate"» chỉ dành cho tỷ lệ có công thức',
        ),
        (
            ('stt = "3.1.1"', 'stt = "3.1.1"\ncumulative = true'),
            'dùng «time = "cumulative"» thay cho «cumulative»',
        ),
    ],
)
def test_a_bad_time_is_refused_naming_the_row(tmp_path, change: tuple[str, str], message: str) -> None:  # type: ignore[no-untyped-def]
    folder = copy_with(tmp_path, ("bm3.toml", *change))
    with pytest.raises(CatalogueError, match=re.escape(message)):
        load_catalogue(folder)


def test_bm7_has_no_rows_6_1_to_6_3_as_in_the_sample(shipped: Catalogue) -> None:
    stts = [row.stt for row in shipped.form(7).rows]
    for missing in ("6.1", "6.2", "6.3"):
        assert missing not in stts
        assert f"BM7-{missing}" not in shipped.rows
    assert stts[stts.index("6") + 1] == "6.4"


def test_rows_know_their_parent(shipped: Catalogue) -> None:
    assert shipped.row("BM3-3.1.2").parent == "BM3-3.1"
    assert shipped.row("BM3-3.1").parent == "BM3-3"
    assert shipped.row("BM3-3").parent is None
    for row in shipped.rows.values():
        assert row.parent is None or row.parent in shipped.rows


def test_headings_carry_no_value(shipped: Catalogue) -> None:
    heading = shipped.row("BM3-1")
    assert heading.kind is Kind.HEADING
    assert heading.unit == ""
    assert not heading.has_value
    assert heading.aggregation is Aggregation.NONE
    assert shipped.row("BM3-1.1").has_value
    assert shipped.row("BM7-6").kind is Kind.HEADING


def test_money_rows_are_recognised_by_their_unit(shipped: Catalogue) -> None:
    row = shipped.row("BM6-1.1")
    assert row.kind is Kind.MONEY
    assert row.unit == "Triệu đồng"
    assert row.aggregation is Aggregation.SUM


def test_a_percent_without_formula_is_taken_from_the_province(shipped: Catalogue) -> None:
    row = shipped.row("BM4-1.5.4")
    assert row.kind is Kind.PERCENT
    assert row.formula is None
    assert row.aggregation is Aggregation.PROVINCE


def test_every_formula_references_rows_with_a_value(shipped: Catalogue) -> None:
    for code, formula in shipped.formulas.items():
        for reference in formula.references:
            if reference.startswith("BM"):
                assert shipped.rows[reference].has_value, (code, reference)


def test_every_percent_row_with_a_formula_is_recomputed(shipped: Catalogue) -> None:
    percents = [row for row in shipped.rows.values() if row.kind is Kind.PERCENT and row.formula]
    assert len(percents) == 14
    assert all(row.aggregation is Aggregation.RECOMPUTE and row.decimals == 2 for row in percents)


def test_the_formulas_list_rows_then_narrative_quantities(shipped: Catalogue) -> None:
    formulas = shipped.formulas
    assert len(formulas) == 23
    assert list(formulas)[-3:] == ["NT-1", "NT-2", "NT-3"]
    assert formulas["NT-3"].source == "pct(NT-2, NT-1)"
    assert "BM3-1" not in formulas


def test_the_narrative_rate_is_a_percentage_with_two_places(shipped: Catalogue) -> None:
    rate = shipped.quantities[2]
    assert rate.kind is Kind.PERCENT
    assert rate.decimals == 2
    assert rate.unit == "%"
    assert shipped.quantities[0].formula.references == ("BM3-3.1.1", "BM3-3.2.1", "BM3-3.3.1")


def test_the_bm4_bm6_rule_compares_public_service_units(shipped: Catalogue) -> None:
    rule = shipped.rules[0]
    assert rule.severity is Severity.ERROR
    assert rule.left.source == "BM4-1.5"
    assert rule.op == "="
    assert rule.right.source == "BM6-2.1"
    assert rule.missing == "skip"
    assert rule.message.startswith(
        "Số đơn vị sự nghiệp công lập ở Biểu mẫu 4 ({left}) khác Biểu mẫu 6 ({right})"
    )


def test_an_alias_with_context_and_severity_is_read(shipped: Catalogue) -> None:
    alias, _ = shipped.row("BM4-2.4").aliases
    assert alias.pattern == "khối hành chính cấp tỉnh {n} người"
    assert alias.context == "tinh giản"
    assert alias.severity is Severity.WARNING


def test_looking_up_an_unknown_row_or_form_raises_key_error(shipped: Catalogue) -> None:
    with pytest.raises(KeyError):
        shipped.row("BM7-6.1")
    with pytest.raises(KeyError):
        shipped.form(8)


def test_the_default_catalogue_is_loaded_once(shipped: Catalogue) -> None:
    assert default_catalogue() is shipped


def test_catalogue_objects_are_immutable(shipped: Catalogue) -> None:
    row = shipped.row("BM3-3.1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.decimals = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        shipped.rows = {}  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        shipped.forms[0].rows = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        shipped.rows["BM3-3.1"] = row  # type: ignore[index]
    with pytest.raises(TypeError):
        del shipped.rows["BM3-3.1"]  # type: ignore[attr-defined]
    assert isinstance(shipped.forms, tuple)
    assert isinstance(shipped.form(3).rows, tuple)
    assert isinstance(row.options, tuple)


# --- compile_alias -----------------------------------------------------------------------------------


def test_an_alias_captures_the_figure() -> None:
    regex = compile_alias("ban hành {n} văn bản chỉ đạo")
    match = regex.search("UBND tỉnh đã ban hành 17 văn bản chỉ đạo về CCHC")
    assert match is not None
    assert match.group("n") == "17"
    match = regex.search("Ban hành 1.234 văn bản, chỉ đạo")
    assert match is not None
    assert match.group("n") == "1.234"


def test_an_alias_does_not_capture_part_of_a_fraction() -> None:
    assert compile_alias("ban hành {n} văn bản").search("ban hành 17/20 văn bản") is None


def test_an_alias_skips_another_number_and_a_short_gap() -> None:
    regex = compile_alias("giải quyết đúng hạn {x} hồ sơ đạt tỷ lệ {n}%")
    match = regex.search("giải quyết đúng hạn 43.380 hồ sơ, đạt tỷ lệ 94,92%")
    assert match is not None
    assert match.group("n") == "94,92"
    gap = compile_alias("tỷ lệ giải quyết hồ sơ đúng hạn … đạt {n}%")
    match = gap.search("Tỷ lệ giải quyết hồ sơ đúng hạn của các sở, ngành đạt 94,92%")
    assert match is not None
    assert match.group("n") == "94,92"


def test_an_alias_gap_does_not_cross_a_number() -> None:
    gap = compile_alias("tỷ lệ giải quyết hồ sơ đúng hạn … đạt {n}%")
    assert gap.search("Tỷ lệ giải quyết hồ sơ đúng hạn năm 2022 đạt 94,92%") is None


@pytest.mark.parametrize("pattern", ["ban hành văn bản", "{n} và {n}"])
def test_an_alias_needs_exactly_one_figure(pattern: str) -> None:
    with pytest.raises(ValueError, match=r"mẫu câu phải chứa đúng một \{n\}"):
        compile_alias(pattern)


def test_a_loaded_catalogue_compiles_an_alias_only_when_it_is_first_used() -> None:
    aliases = [alias for row in load_catalogue(DEFAULT_TEMPLATE).rows.values() for alias in row.aliases]
    assert len(aliases) > 50
    assert not any("regex" in vars(alias) for alias in aliases)  # loading (every command) compiles none
    first = aliases[0]
    assert first.regex.pattern == compile_alias(first.pattern).pattern
    assert "regex" in vars(first) and first.regex is first.regex


# --- broken catalogues -------------------------------------------------------------------------------

TEMPLATE = """
id = "thu"
version = "1"
title = "Mẫu thử"
forms = ["bm9.toml"]
rules = "rules.toml"
narrative = "narrative.toml"
"""
FORM_HEAD = 'form = 9\ntitle = "Biểu thử"\n'


def row(stt: str, unit: str = "Văn bản", name: str = "Chỉ tiêu", **extra: str) -> str:
    """A [[row]] table; extra values are TOML literals, e.g. formula='"BM9-1 + 1"'."""
    lines = ["[[row]]", f'stt = "{stt}"', f'name = "{name}"', f'unit = "{unit}"']
    lines += [f"{key} = {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n\n"


def files(form: str, **others: str) -> dict[str, str]:
    result = {"template.toml": TEMPLATE, "bm9.toml": FORM_HEAD + form}
    result.update({name.replace("_", "."): text for name, text in others.items()})
    return result


def rule(left: str = "BM9-1", op: str = "=", right: str = "BM9-1.1", **extra: str) -> str:
    lines = ["[[rule]]", 'id = "r1"', f'left = "{left}"', f'op = "{op}"', f'right = "{right}"']
    lines += [f"{key} = {value}" for key, value in extra.items()]
    lines.append('message = "Tổng ({left}) khác phần ({right}): sửa một trong hai số."')
    return "\n".join(lines) + "\n\n"


GOOD_FORM = row("1") + row("1.1") + row("1.2", unit="%", formula='"pct(BM9-1.1, BM9-1)"')


def refusal(catalogue_files: dict[str, str]) -> str:
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(catalogue_files)
    return str(error.value)


def test_a_small_catalogue_parses() -> None:
    catalogue = parse_catalogue(
        files(
            GOOD_FORM,
            rules_toml=rule(),
            narrative_toml=(
                '[[quantity]]\ncode = "NT-1"\nname = "Tổng"\nunit = "Văn bản"\nformula = "BM9-1 + BM9-1.1"\n'
            ),
        )
    )
    assert catalogue.id == "thu"
    assert catalogue.title == "Mẫu thử"
    assert [row.code for row in catalogue.form(9).rows] == ["BM9-1", "BM9-1.1", "BM9-1.2"]
    assert catalogue.row("BM9-1.2").kind is Kind.PERCENT
    assert catalogue.row("BM9-1.2").aggregation is Aggregation.RECOMPUTE
    assert catalogue.row("BM9-1.1").levels == (Level.TINH, Level.SO, Level.HUYEN, Level.XA)
    assert [rule.id for rule in catalogue.rules] == ["r1"]
    assert catalogue.quantities[0].kind is Kind.COUNT


def test_rules_and_narrative_files_are_optional() -> None:
    catalogue = parse_catalogue(files(GOOD_FORM))
    assert catalogue.rules == ()
    assert catalogue.quantities == ()


def test_a_row_name_is_stripped_of_extra_spaces_and_a_trailing_dot_of_its_stt() -> None:
    catalogue = parse_catalogue(files(row("1.", name="  Số   văn bản ")))
    assert catalogue.row("BM9-1").name == "Số văn bản"
    assert catalogue.row("BM9-1").stt == "1"


def test_it_refuses_a_duplicate_code() -> None:
    message = refusal(files(row("1") + row("1.1") + row("1.1")))
    assert message == "bm9.toml, chỉ tiêu thứ 3: trùng mã «BM9-1.1» (STT 1.1)."


def test_it_refuses_a_formula_referencing_an_unknown_code() -> None:
    message = refusal(files(row("1", formula='"BM9-1.1 + BM9-1.7"') + row("1.1") + row("1.2")))
    assert message == ("bm9.toml, chỉ tiêu thứ 1 (STT 1): công thức tham chiếu mã không tồn tại «BM9-1.7».")


def test_it_refuses_a_formula_referencing_a_heading() -> None:
    message = refusal(files(row("1", unit="") + row("1.2", formula='"BM9-1 + 1"')))
    assert message == "bm9.toml, chỉ tiêu thứ 2 (STT 1.2): công thức tham chiếu dòng tiêu đề «BM9-1»."


def test_it_refuses_formulas_in_a_cycle() -> None:
    message = refusal(files(row("1", formula='"BM9-2 + 1"') + row("2", formula='"BM9-1 + 1"')))
    assert message == "bm9.toml, chỉ tiêu thứ 1 (STT 1): công thức tạo vòng lặp (BM9-1 → BM9-2)."


def test_it_refuses_an_unparsable_formula() -> None:
    message = refusal(files(row("1") + row("1.2", formula='"BM9-1 +"')))
    assert message.startswith("bm9.toml, chỉ tiêu thứ 2 (STT 1.2): ")
    assert "Công thức «BM9-1 +»" in message


def test_an_unparsable_formula_names_its_row_once() -> None:
    message = refusal(files(row("1") + row("1.2", formula='"BM9-1 +"')))
    assert message.count("STT 1.2") == 1


def test_it_refuses_a_formula_that_is_not_a_string() -> None:
    message = refusal(files(row("1", formula="5")))
    assert message.startswith("bm9.toml, chỉ tiêu thứ 1 (STT 1)")
    assert message.endswith("công thức phải là chuỗi.")


def test_it_refuses_a_coded_row_without_options() -> None:
    message = refusal(files(row("1", kind='"code"')))
    assert message == "bm9.toml, chỉ tiêu thứ 1 (STT 1): chỉ tiêu mã hóa phải khai báo «options»."


def test_it_refuses_malformed_options() -> None:
    message = refusal(files(row("1", unit="Có = 1", options="[[1]]")))
    assert message.startswith("bm9.toml, chỉ tiêu thứ 1 (STT 1): ")


def test_it_refuses_a_percent_without_formula_and_without_aggregation() -> None:
    message = refusal(files(row("1") + row("1.2", unit="%")))
    assert message == (
        "bm9.toml, chỉ tiêu thứ 2 (STT 1.2): tỷ lệ không có công thức phải khai báo cách tổng hợp «aggregate»."
    )


def test_it_accepts_a_percent_without_formula_when_its_aggregation_is_declared() -> None:
    catalogue = parse_catalogue(files(row("1", unit="%", aggregate='"province"')))
    assert catalogue.row("BM9-1").aggregation is Aggregation.PROVINCE
    assert catalogue.row("BM9-1").decimals == 2


@pytest.mark.parametrize(("stt", "shown"), [("1.a", "1.a"), ("", "?"), ("1..2", "1..2"), ("a", "a")])
def test_it_refuses_a_bad_stt(stt: str, shown: str) -> None:
    message = refusal(files(row(stt)))
    assert message == f"bm9.toml, chỉ tiêu thứ 1 (STT {shown}): STT «{stt}» không hợp lệ."


def test_it_refuses_a_row_without_its_parent() -> None:
    message = refusal(files(row("1.2")))
    assert message == "bm9.toml, chỉ tiêu thứ 1 (STT 1.2): không có dòng cha «BM9-1»."


def test_it_refuses_a_row_without_name_or_unit() -> None:
    message = refusal(files('[[row]]\nstt = "1"\nunit = "Người"\n'))
    assert message == "bm9.toml, chỉ tiêu thứ 1 (STT 1): thiếu «name» hoặc «unit»."


@pytest.mark.parametrize(
    ("extra", "value"),
    [({"kind": '"foo"'}, "foo"), ({"aggregate": '"avg"'}, "avg"), ({"levels": '["tinh", "thon"]'}, "thon")],
)
def test_it_refuses_an_unknown_kind_aggregation_or_level(extra: dict[str, str], value: str) -> None:
    message = refusal(files(row("1", **extra)))
    assert message.startswith("bm9.toml, chỉ tiêu thứ 1 (STT 1): ")
    assert value in message


def test_it_refuses_an_unknown_level_of_a_form() -> None:
    message = refusal({"template.toml": TEMPLATE, "bm9.toml": FORM_HEAD + 'levels = ["thon"]\n' + row("1")})
    assert message.startswith("bm9.toml: cấp báo cáo không hợp lệ")
    assert "thon" in message


def test_it_refuses_non_integer_decimals_naming_the_row() -> None:
    message = refusal(files(row("1", decimals='"two"')))
    assert message.startswith("bm9.toml, chỉ tiêu thứ 1 (STT 1)")


def test_it_refuses_non_integer_decimals_of_a_quantity() -> None:
    narrative = '[[quantity]]\ncode = "NT-1"\nname = "Tổng"\nformula = "BM9-1"\ndecimals = "x"\n'
    message = refusal(files(GOOD_FORM, narrative_toml=narrative))
    assert message.startswith("narrative.toml, đại lượng thứ 1 (NT-1)")


def test_it_refuses_a_form_file_without_number_or_title() -> None:
    message = refusal({"template.toml": TEMPLATE, "bm9.toml": "form = 9\n"})
    assert message == "bm9.toml: thiếu số biểu mẫu «form» hoặc tên «title»."


def test_it_refuses_invalid_toml_naming_the_file() -> None:
    message = refusal({"template.toml": TEMPLATE, "bm9.toml": 'form = 9\ntitle = "x\n'})
    assert message.startswith("bm9.toml: không đọc được TOML (")


def test_it_refuses_a_missing_form_file() -> None:
    message = refusal({"template.toml": TEMPLATE})
    assert message == "template.toml: không tìm thấy tệp biểu mẫu «bm9.toml»."


def test_it_refuses_a_folder_without_template() -> None:
    message = refusal({"bm9.toml": FORM_HEAD + row("1")})
    assert message == "Thiếu tệp template.toml trong thư mục biểu mẫu."


def test_it_refuses_two_files_with_the_same_form_number() -> None:
    template = TEMPLATE.replace('["bm9.toml"]', '["bm9.toml", "bm9b.toml"]')
    message = refusal({"template.toml": template, "bm9.toml": FORM_HEAD + row("1"), "bm9b.toml": FORM_HEAD})
    assert message == "bm9b.toml: Biểu mẫu 9 đã được khai báo ở tệp khác."


@pytest.mark.parametrize("pattern", ["ban hành văn bản", "{n} và {n}"])
def test_it_refuses_an_alias_without_exactly_one_figure(pattern: str) -> None:
    message = refusal(files(row("1", aliases=f'["{pattern}"]')))
    assert message == (
        f"bm9.toml, chỉ tiêu thứ 1 (STT 1): cụm từ «{pattern}»: mẫu câu phải chứa đúng một {{n}}."
    )


def test_it_refuses_aliases_that_are_not_a_list() -> None:
    message = refusal(files(row("1", aliases='"ban hành {n} văn bản"')))
    assert message == "bm9.toml, chỉ tiêu thứ 1 (STT 1): «aliases» phải là danh sách."


def test_it_refuses_an_alias_with_an_unknown_severity() -> None:
    message = refusal(files(row("1", aliases='[{ pattern = "x {n}", severity = "fatal" }]')))
    assert (
        message
        == "bm9.toml, chỉ tiêu thứ 1 (STT 1): mức độ «fatal» không hợp lệ (dùng: error, warning, info)."
    )


def test_it_refuses_a_rule_with_a_bad_operator() -> None:
    message = refusal(files(GOOD_FORM, rules_toml=rule(op="==")))
    assert message == "rules.toml, quy tắc thứ 1 (r1): phép so sánh «==» không hợp lệ (dùng = <= >= < >)."


def test_it_refuses_a_rule_with_a_bad_missing_policy() -> None:
    message = refusal(files(GOOD_FORM, rules_toml=rule(missing='"ignore"')))
    assert message == "rules.toml, quy tắc thứ 1 (r1): «missing» phải là skip hoặc warn."


def test_it_refuses_a_rule_with_an_unknown_severity() -> None:
    message = refusal(files(GOOD_FORM, rules_toml=rule(severity='"fatal"')))
    assert message.startswith("rules.toml, quy tắc thứ 1 (r1): ")
    assert "fatal" in message


def test_it_refuses_a_rule_without_message() -> None:
    text = '[[rule]]\nid = "r1"\nleft = "BM9-1"\nop = "="\nright = "BM9-1.1"\n'
    message = refusal(files(GOOD_FORM, rules_toml=text))
    assert message == "rules.toml, quy tắc thứ 1 (r1): thiếu «id» hoặc «message»."


def test_it_refuses_a_rule_with_an_unparsable_side() -> None:
    message = refusal(files(GOOD_FORM, rules_toml=rule(left="BM9-1 +")))
    assert message.startswith("rules.toml, quy tắc thứ 1 (r1): Công thức «BM9-1 +»")


@pytest.mark.parametrize("message", ["Tổng khác phần.", "Tổng ({left}) khác phần.", "{left} {right} {code}"])
def test_it_refuses_a_rule_message_that_does_not_show_both_figures_alone(message: str) -> None:
    text = rule().replace("Tổng ({left}) khác phần ({right}): sửa một trong hai số.", message)
    refused = refusal(files(GOOD_FORM, rules_toml=text))
    assert (
        refused
        == "rules.toml, quy tắc thứ 1 (r1): «message» phải nêu hai số bằng {left} và {right}, không gì khác."
    )


def test_it_refuses_a_rule_referencing_an_unknown_code() -> None:
    message = refusal(files(GOOD_FORM, rules_toml=rule(right="BM8-1")))
    assert message == "rules.toml, quy tắc r1: tham chiếu mã không tồn tại «BM8-1»."


def test_it_refuses_a_rule_referencing_a_heading() -> None:
    message = refusal(files(row("1", unit="") + row("1.1"), rules_toml=rule()))
    assert "dòng tiêu đề «BM9-1»" in message


def test_it_refuses_a_quantity_with_a_bad_code() -> None:
    narrative = '[[quantity]]\ncode = "X-1"\nname = "Tổng"\nformula = "BM9-1"\n'
    message = refusal(files(GOOD_FORM, narrative_toml=narrative))
    assert message == "narrative.toml, đại lượng thứ 1 (X-1): cần «code» dạng NT-<số> và «name»."


def test_it_refuses_a_duplicate_quantity() -> None:
    quantity = '[[quantity]]\ncode = "NT-1"\nname = "Tổng"\nformula = "BM9-1"\n'
    message = refusal(files(GOOD_FORM, narrative_toml=quantity * 2))
    assert message == "narrative.toml: trùng mã «NT-1»."


def test_it_refuses_a_quantity_referencing_an_unknown_code() -> None:
    narrative = '[[quantity]]\ncode = "NT-1"\nname = "Tổng"\nformula = "BM9-5"\n'
    message = refusal(files(GOOD_FORM, narrative_toml=narrative))
    assert message == "narrative.toml, đại lượng NT-1: công thức tham chiếu mã không tồn tại «BM9-5»."


def test_it_refuses_quantities_in_a_cycle() -> None:
    narrative = (
        '[[quantity]]\ncode = "NT-1"\nname = "A"\nformula = "NT-2"\n'
        '[[quantity]]\ncode = "NT-2"\nname = "B"\nformula = "NT-1"\n'
    )
    message = refusal(files(GOOD_FORM, narrative_toml=narrative))
    assert message == "narrative.toml, đại lượng NT-1: công thức tạo vòng lặp (NT-1 → NT-2)."


def test_a_catalogue_error_is_a_value_error() -> None:
    assert issubclass(CatalogueError, ValueError)


# --- load_catalogue ----------------------------------------------------------------------------------


def test_it_loads_a_shipped_template_by_name() -> None:
    catalogue = load_catalogue("bnv-581")
    assert catalogue.id == "bnv-581"
    assert len(catalogue.rows) == 146


def test_it_loads_a_template_folder_by_path(tmp_path: Path) -> None:
    for name, text in files(GOOD_FORM, rules_toml=rule()).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.id == "thu"
    assert list(catalogue.rows) == ["BM9-1", "BM9-1.1", "BM9-1.2"]


def test_it_names_the_folder_of_a_broken_template(tmp_path: Path) -> None:
    folder = tmp_path / "hong"
    folder.mkdir()
    for name, text in files(row("1") + row("1.1") + row("1.1")).items():
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        load_catalogue(folder)
    assert str(error.value) == "hong/bm9.toml, chỉ tiêu thứ 3: trùng mã «BM9-1.1» (STT 1.1)."


def test_it_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as error:
        load_catalogue(tmp_path / "khong-co")
    assert "Không tìm thấy thư mục biểu mẫu «" in str(error.value)
    assert "khong-co" in str(error.value)
    with pytest.raises(CatalogueError, match="Không tìm thấy thư mục biểu mẫu «bnv-999»"):
        load_catalogue("bnv-999")
