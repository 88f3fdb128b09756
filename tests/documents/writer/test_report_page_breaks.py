"""Page breaks fall where a reader expects: no heading alone at a page's foot, charts with their captions,
the signature block in one piece; and the subject line has its short rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from cchc.documents.writer.template import TEXT_WIDTH_MM


@pytest.fixture(scope="module")
def document(report_docx: Path) -> Any:
    return docx.Document(str(report_docx))


def test_headings_keep_with_the_paragraph_under_them(document: Any) -> None:
    headings = [
        p for p in document.paragraphs if p.style.name in ("CCHC Mục", "CCHC Tiểu mục", "CCHC Tiểu mục nhỏ")
    ]
    assert "2. Cải cách thủ tục hành chính" in [p.text for p in headings]
    assert all(p.style.paragraph_format.keep_with_next for p in headings)


def test_a_chart_keeps_with_its_caption(document: Any) -> None:
    captions = [i for i, p in enumerate(document.paragraphs) if p.text.startswith("Biểu đồ ")]
    assert len(captions) == 2
    for index in captions:
        chart = document.paragraphs[index - 1]
        assert chart._p.xpath(".//pic:pic") and chart.style.paragraph_format.keep_with_next


def test_the_signature_row_never_splits(document: Any) -> None:
    signature = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_the_closing_paragraphs_keep_with_the_signature(document: Any) -> None:
    body = list(document.element.body.iterchildren())
    signature = next(
        i for i, e in enumerate(body) if e.tag == qn("w:tbl") and "Nơi nhận:" in "".join(e.itertext())
    )
    before = [Paragraph(e, document) for e in body[signature - 4 : signature]]
    # The spacer and the last two body paragraphs go to a new page with the block; the one before stays.
    assert before[-1].text == "" and before[-2].text.endswith("./.") and before[0].text
    assert [p.paragraph_format.keep_with_next for p in before] == [None, True, True, True]


def test_a_short_rule_is_under_the_subject_line(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
    rule = document.paragraphs[texts.index("BÁO CÁO") + 2]
    assert rule.text == ""
    assert rule._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    fmt = rule.paragraph_format
    width = TEXT_WIDTH_MM - fmt.left_indent.mm - fmt.right_indent.mm
    assert TEXT_WIDTH_MM / 3 <= width <= TEXT_WIDTH_MM / 2
