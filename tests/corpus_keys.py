"""The checker's test corpus (tests/corpus/): reports in many styles, each with its answer key.

Each report is a text file in the text layout; its key (same name, .toml) gives its style, whether the
test reads it as Word (`format = "docx"`: built with Word bullets, real footnotes and a landscape
appendix) and every error a careful reviewer finds in it (`[[error]]`: rule, codes, expected, actual;
what is left out is not compared). A consistent report has no `[[error]]`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from cchc.checker import CheckResult, check_file
from cchc.cli import sample_report
from cchc.core.catalogue import Severity
from cchc.core.validation import Finding
from cchc.documents.text_reader import read_text
from docx_builder import build_docx

CORPUS = Path(__file__).parent / "corpus"


@dataclass(frozen=True)
class KeyItem:
    """One contradiction of the key; None fields are not compared."""

    rule: str
    codes: tuple[str, ...] | None
    expected: Decimal | None
    actual: Decimal | None
    what: str

    def matches(self, finding: Finding) -> bool:
        """Whether an error finding is this contradiction: its rule, or the same two figures under
        another rule (the same wrong figure found another way)."""
        figures = self.expected is not None and self.actual is not None
        return (
            finding.severity is Severity.ERROR
            and (finding.rule == self.rule or figures)
            and (self.codes is None or finding.codes == self.codes)
            and (self.expected is None or finding.expected == self.expected)
            and (self.actual is None or finding.actual == self.actual)
        )


@dataclass(frozen=True)
class CorpusReport:
    """A report of the corpus and its key."""

    name: str
    style: str
    word: bool
    path: Path
    errors: tuple[KeyItem, ...]

    def check(self, folder: Path) -> CheckResult:
        """Check the report as the key says it is read (a Word file is built in `folder`)."""
        if not self.word:
            return check_file(self.path)
        target = folder / f"{self.name}.docx"
        build_docx(read_text(self.path), target, bullets=True, landscape_appendix=True)
        return check_file(target)


def _decimal(raw: object) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def corpus() -> list[CorpusReport]:
    """Every report of the corpus, the sample first."""
    reports = []
    for key in sorted(CORPUS.glob("*.toml")):
        data = tomllib.loads(key.read_text(encoding="utf-8"))
        path = sample_report() if data.get("source") == "sample" else key.with_suffix(".txt")
        items = tuple(
            KeyItem(
                item["rule"],
                tuple(item["codes"]) if "codes" in item else None,
                _decimal(item.get("expected")),
                _decimal(item.get("actual")),
                item.get("what", ""),
            )
            for item in data.get("error", [])
        )
        reports.append(CorpusReport(key.stem, data["style"], data.get("format") == "docx", path, items))
    return sorted(reports, key=lambda report: report.path != sample_report())


def score(report: CorpusReport, result: CheckResult) -> tuple[list[KeyItem], list[Finding]]:
    """The key's contradictions the check missed, and its errors that are not in the key (false alarms)."""
    errors = [finding for finding in result.findings if finding.severity is Severity.ERROR]
    missed = [item for item in report.errors if not any(item.matches(finding) for finding in errors)]
    extra = [finding for finding in errors if not any(item.matches(finding) for item in report.errors)]
    return missed, extra
