"""`cchc check` on reports it was not written for: every contradiction of each answer key is found, and
nothing else is called an error (tests/corpus/, benchmarks/check_corpus.py for the figures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_keys import CorpusReport, corpus, score

REPORTS = corpus()


@pytest.mark.parametrize("report", REPORTS, ids=[report.name for report in REPORTS])
def test_it_finds_every_contradiction_of_the_key_and_no_other_error(
    report: CorpusReport, tmp_path: Path
) -> None:
    missed, extra = score(report, report.check(tmp_path))
    assert [item.what or item.rule for item in missed] == []
    assert [(finding.rule, finding.codes, finding.message) for finding in extra] == []


def test_the_corpus_has_reports_of_many_styles_and_consistent_ones() -> None:
    assert len(REPORTS) >= 9
    assert sum(1 for report in REPORTS if not report.errors) >= 4
    assert sum(1 for report in REPORTS if report.word) >= 2
    assert sum(len(report.errors) for report in REPORTS) >= 30


def test_the_appendix_layouts_of_the_corpus_map_to_the_catalogue(tmp_path: Path) -> None:
    # STT a) b) c), Roman numerals and "(1) (2) (3)" rows: every data row is read as a catalogue row.
    for report in REPORTS:
        result = report.check(tmp_path)
        assert [f.quote for f in result.findings if f.rule == "unmapped-row"] == [], report.name


@pytest.mark.parametrize(
    "report", [r for r in REPORTS if not r.errors], ids=[r.name for r in REPORTS if not r.errors]
)
def test_a_consistent_report_gets_no_narrative_warning_either(report: CorpusReport, tmp_path: Path) -> None:
    result = report.check(tmp_path)
    assert [f.message for f in result.findings if f.rule.startswith(("narrative", "note"))] == []
