"""How well `cchc check` reads reports it was not written for: the corpus of tests/corpus/.

For each report (its style, and whether it is read as Word) prints the contradictions of its answer key
the check found, the errors it raised that are not in the key (false alarms) and the time of the check,
then the totals. Run: uv run python benchmarks/check_corpus.py [-v]  (-v lists what was missed and the
false alarms).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus_keys import corpus, score


def main() -> None:
    verbose = "-v" in sys.argv[1:]
    found = planted = alarms = 0
    print(f"{'báo cáo':<36} {'kiểu':<6} {'tìm thấy':>9} {'báo nhầm':>9} {'ms':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for report in corpus():
            start = time.perf_counter()
            result = report.check(Path(folder))
            elapsed = (time.perf_counter() - start) * 1000
            missed, extra = score(report, result)
            hits = len(report.errors) - len(missed)
            found, planted, alarms = found + hits, planted + len(report.errors), alarms + len(extra)
            kind = "docx" if report.word else "txt"
            counts = f"{hits:>4}/{len(report.errors):<4} {len(extra):>9}"
            print(f"{report.name:<36} {kind:<6} {counts} {elapsed:>6.0f}")
            if verbose:
                for item in missed:
                    figures = f"{item.expected}/{item.actual}"
                    print(f"    bỏ sót: {item.rule} {item.codes or ''} {figures} {item.what}")
                for finding in extra:
                    quote = finding.quote[:80]
                    print(f"    báo nhầm: {finding.rule} {finding.codes} {finding.message} «{quote}»")
    print(f"{'tổng':<43} {found:>4}/{planted:<4} {alarms:>9}")


if __name__ == "__main__":
    main()
