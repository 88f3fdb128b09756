"""The committed Word template is the one its builder makes, and it holds the narrative's wording."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docxtpl import DocxTemplate

from cchc.catalogues import default_catalogue
from cchc.documents.filling import CHART_TAGS
from cchc.documents.sandbox import TemplateEnvironment, reach_problem
from cchc.documents.writer import read_values_file
from cchc.documents.writer.docx import docx_context
from cchc.documents.writer.template import BODY, TEMPLATE_PATH, build_template


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs]


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


def test_the_committed_template_matches_its_builder(tmp_path: Path) -> None:
    built = build_template(tmp_path / "mau.docx")
    assert _paragraphs(TEMPLATE_PATH) == _paragraphs(built)
    for part in ("word/document.xml", "word/styles.xml"):
        assert _part(TEMPLATE_PATH, part) == _part(built, part), part


def test_the_wording_of_every_figure_sentence_is_in_the_template() -> None:
    texts = [text for _, text in _paragraphs(TEMPLATE_PATH)]
    assert texts[: len(BODY)] == [text for _, text in BODY]
    assert any("{{ NT_1 }}" in text for text in texts)


VALUES_FILE = Path(__file__).with_name("thanh-hoa-2023q1.json")


def test_the_shipped_template_reaches_only_the_reports_data() -> None:
    # The shipped template is filled without reading its tags first; this test reads them.
    report = read_values_file(VALUES_FILE, default_catalogue())
    document = DocxTemplate(str(TEMPLATE_PATH))
    document.init_docx()
    source = document.patch_xml(document.get_xml())
    problem = reach_problem(TemplateEnvironment(), source, docx_context(report), CHART_TAGS)
    assert problem is None
