"""Hostile Word templates uploaded by a reviewer: each is refused in Vietnamese, and nothing leaks.

Every payload an attack on the demo used, and the classic Jinja sandbox escapes, are uploaded as the
province's template; the upload must be refused, the shipped template must stay in use, and the
report downloaded afterwards must hold nothing but the report (no database, key or system file).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.documents.writer.template import TEMPLATE_PATH
from template_edits import shipped_template_with

pytestmark = pytest.mark.usefixtures("ready_report")

SHIPPED = 'id="template-in-use">mẫu gốc của hệ thống<'
SECRET = "khoa-bi-mat-cua-thu-nghiem"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path, monkeypatch) -> None:
    settings.DATA_DIR = tmp_path
    (tmp_path / "secret.key").write_text(SECRET, encoding="utf-8")
    (tmp_path / "cchc.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    # Short limits keep the CPU and memory bombs quick; the defaults are larger.
    monkeypatch.setenv("CCHC_TEMPLATE_CPU_SECONDS", "3")
    monkeypatch.setenv("CCHC_TEMPLATE_MEMORY_MB", "700")


def _with_document(transform) -> bytes:  # type: ignore[no-untyped-def]
    """The shipped template with its document.xml transformed."""
    return shipped_template_with({"word/document.xml": transform})


def _tag(payload: str) -> bytes:
    return _with_document(lambda xml: xml.replace("{{ trich_yeu }}", payload, 1))


def _upload(client, data: bytes) -> str:
    page = client.post(
        "/ky/2023Q1/bao-cao/mau-word/", {"file": SimpleUploadedFile("mau.docx", data)}, follow=True
    )
    assert page.status_code == 200
    return page.content.decode()


def _assert_only_the_report(client) -> None:
    response = client.get("/ky/2023Q1/bao-cao/tai-ve.docx")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        shipped = {item.filename for item in zipfile.ZipFile(TEMPLATE_PATH).infolist()}
        extra = {name for name in package.namelist() if name not in shipped}
        assert all(name.startswith("word/media/") or name.endswith(".rels") for name in extra), extra
        for name in package.namelist():
            body = package.read(name)
            assert b"SQLite format 3" not in body
            assert SECRET.encode() not in body
            assert b"root:x:0:0" not in body


def _refused(world, data: bytes, *, download: bool = True) -> str:
    client = world.client(world.reviewer)
    html = _upload(client, data)
    assert "Chưa thay mẫu: " in html
    assert SHIPPED in html
    if download:
        _assert_only_the_report(client)
    return html


def _zipname(path: Path | str) -> str:
    return "bieu_do_dung_han.tpl.replace_zipname('docProps/app.xml', '" + str(path) + "')"


def test_a_template_putting_the_database_into_the_download_is_refused(world) -> None:
    html = _refused(world, _tag("{{ " + _zipname(Path(settings.DATA_DIR) / "cchc.sqlite3") + " }}"))
    assert "Mẫu có thẻ «bieu_do_dung_han.tpl.replace_zipname»" in html or "bieu_do_dung_han.tpl" in html


def test_a_payload_guarded_by_is_defined_is_refused_although_it_would_print_nothing(world) -> None:
    guarded = "{% if bieu_do_dung_han.tpl is defined %}{{ " + _zipname("/etc/passwd") + " }}{% endif %}"
    html = _refused(world, _tag(guarded))
    assert "hình biểu đồ chỉ được in ra, không có thuộc tính" in html


def test_the_secret_key_cannot_be_put_into_the_download(world) -> None:
    _refused(world, _tag("{{ " + _zipname(Path(settings.DATA_DIR) / "secret.key") + " }}"))


def test_a_template_cannot_write_a_file(world, tmp_path) -> None:
    target = tmp_path / "cchc-attack.pth"
    _refused(world, _tag("{{ bieu_do_truc_tuyen.tpl.write_xml('" + str(target) + "') }}"))
    assert not target.exists()


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ self._TemplateReference__context }}",
        "{{ co.__class__ }}",
        "{{ nhan['__class__'] }}",
        "{{ co.items() }}",
        "{% if co.items is defined %}x{% endif %}",
        "{{ range(10) }}",
        "{{ namespace() }}",
        "{{ 'x'|attr('__class__') }}",
        "{{ '%s'|format(co) }}",
        "{{ '{0.__class__}'.format(co) }}",
        "{{ trich_yeu.format_map(co) }}",
        "{{ config }}",
        "{{ request }}",
        "{{ trich_yeu|safe }}",
    ],
)
def test_a_classic_sandbox_escape_is_refused(world, payload) -> None:
    # Refused, so the shipped template stays; the tests above download the report after a refusal.
    html = _refused(world, _tag(payload), download=False)
    assert "Chưa thay mẫu: Mẫu" in html


def test_a_huge_power_is_refused_at_once(world) -> None:
    html = _refused(world, _tag("{{ (9**(9**8)) > 0 }}"))
    assert "Mẫu bị từ chối: lũy thừa quá lớn bị từ chối." in html


def test_a_division_by_zero_is_refused_not_a_server_error(world) -> None:
    assert "Mẫu có phép chia cho 0 trong một thẻ." in _refused(world, _tag("{{ 1/0 }}"))


def test_a_text_doubled_without_end_is_refused(world) -> None:
    doubling = "{% set t0 = 'xx' %}" + "".join(f"{{% set t{n + 1} = t{n} ~ t{n} %}}" for n in range(30))
    html = _refused(world, _tag(doubling + "{{ t30 }}"))
    assert "chuỗi dài quá 100.000 ký tự bị từ chối" in html


def test_a_loop_that_runs_for_ever_is_stopped_by_the_cpu_limit(world) -> None:
    loops = "".join("{% for i" + str(n) + " in 'abcdefghijklmnopqrst' %}" for n in range(9))
    ends = "{% endfor %}" * 9
    html = _refused(world, _tag(loops + ends))
    assert "Mẫu Word: chạy quá 3 giây CPU nên đã dừng." in html


def test_a_template_that_unzips_to_a_huge_document_is_refused_before_it_is_read(world) -> None:
    paragraphs = "<w:p/>" * (4 * 1024 * 1024)  # 24 MB of empty paragraphs from a small upload
    data = _with_document(lambda xml: xml.replace("<w:body>", "<w:body>" + paragraphs, 1))
    assert len(data) < 1024 * 1024
    html = _refused(world, data)
    assert "phần «word/document.xml» khi giải nén lớn 24 MB, vượt giới hạn 20 MB cho một phần" in html


def test_a_document_with_entity_expansion_is_refused(world) -> None:
    laughs = '<!DOCTYPE w [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    data = _with_document(lambda xml: xml.replace("?>", "?>" + laughs, 1))
    assert "có khai báo DOCTYPE/ENTITY" in _refused(world, data)


def test_a_package_with_thousands_of_members_is_refused(world) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE_PATH) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for index in range(1200):
            target.writestr(f"word/thua/{index}.bin", b"")
    assert "thành phần (tối đa 1000)" in _refused(world, out.getvalue())


def test_a_harmless_template_using_loops_and_text_methods_is_accepted(world) -> None:
    client = world.client(world.reviewer)
    tag = "{{ trich_yeu.upper() }}{% for dong in noi_nhan %}{{ loop.index }}{% endfor %}"
    html = _upload(client, _tag(tag))
    assert "Đã dùng mẫu «mau.docx» cho báo cáo của tỉnh." in html
    _assert_only_the_report(client)


def test_turning_escaping_off_is_refused(world) -> None:
    raw = "{% autoescape false %}{{ '&lt;/w:t&gt;&lt;w:t&gt;CHEN' }}{% endautoescape %}"
    assert "Mẫu có thẻ {% autoescape %}" in _refused(world, _tag(raw))


def test_a_template_writing_thousands_of_paragraphs_is_refused_before_the_check_reads_them(world) -> None:
    flood = (
        "</w:t></w:r></w:p><w:p><w:r><w:t>{%p for i in 'x'*100 %}</w:t></w:r></w:p><w:p><w:r><w:t>"
        "{%p for j in 'x'*200 %}</w:t></w:r></w:p><w:p><w:r><w:t>Tong 12 thu tuc</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p><w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p><w:p><w:r><w:t>"
    )
    assert "quá giới hạn 5000 của một báo cáo" in _refused(world, _tag(flood), download=False)


# --- Links out of the package: LibreOffice reads them into every PDF, Word fetches them on opening ---

LINKED_PICTURE = (
    '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/><wp:docPr id="901" name="x"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
    'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="901" '
    'name="x"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rIdNgoai"/></pic:blipFill>'
    "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
)
RELATIONSHIP = (
    '<Relationship Id="rIdNgoai" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    '{kind}" Target="{target}" TargetMode="External"/></Relationships>'
)


def _linked(kind: str, target: str, *, picture: bool = True) -> bytes:
    def add_picture(xml: str) -> str:
        return xml.replace("<w:sectPr", LINKED_PICTURE + "<w:sectPr", 1) if picture else xml

    def add_relationship(xml: str) -> str:
        return xml.replace("</Relationships>", RELATIONSHIP.format(kind=kind, target=target))

    return shipped_template_with(
        {"word/document.xml": add_picture, "word/_rels/document.xml.rels": add_relationship}
    )


@pytest.mark.parametrize("target", ["file:///etc/hostname", "http://127.0.0.1:9/anh.png"])
def test_a_picture_linked_to_a_file_or_an_address_is_refused(world, target: str) -> None:
    html = _refused(world, _linked("image", target))
    assert f"phần «word/_rels/document.xml.rels» liên kết ra ngoài tệp («image» tới «{target}»)" in html
    assert "Hãy chèn hình trực tiếp (không «Liên kết tới tệp»)" in html


def test_a_template_stored_before_the_check_is_refused_at_every_download(world) -> None:
    from cchc.documents.filling import TemplateRefused, fill_uploaded

    with pytest.raises(TemplateRefused) as refused:
        fill_uploaded(_linked("image", "file:///etc/hostname"), {}, {})
    assert str(refused.value).startswith(
        "Tệp mẫu Word: phần «word/_rels/document.xml.rels» liên kết ra ngoài tệp («image» tới «file:///etc/hostname»)"
    )


def test_an_attached_template_or_a_chunk_from_outside_is_refused(world) -> None:
    for kind in ("attachedTemplate", "aFChunk"):
        html = _refused(world, _linked(kind, "http://127.0.0.1:9/mau.dotm", picture=False))
        assert f"(«{kind}» tới «http://127.0.0.1:9/mau.dotm»)" in html


def test_a_hyperlink_out_of_the_report_is_still_accepted(world) -> None:
    client = world.client(world.reviewer)
    html = _upload(client, _linked("hyperlink", "https://thanhhoa.gov.vn/", picture=False))
    assert "Đã dùng mẫu «mau.docx» cho báo cáo của tỉnh." in html
