"""The province's own Word template: download, change the wording in Word, upload, used by every download."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from template_edits import shipped_template_with

pytestmark = pytest.mark.usefixtures("ready_report")

WORDING = "Kết quả thực hiện trên từng lĩnh vực như sau"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path


def _edited(old: str, new: str) -> bytes:
    """The shipped template with one piece of its document text replaced, as Word would save it."""

    def replace(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return shipped_template_with({"word/document.xml": replace})


def _upload(client, data: bytes, name: str = "mau-tinh.docx"):
    return client.post("/ky/2023Q1/bao-cao/mau-word/", {"file": SimpleUploadedFile(name, data)}, follow=True)


def _report_text(client) -> str:
    response = client.get("/ky/2023Q1/bao-cao/tai-ve.docx")
    assert response.status_code == 200
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


def test_an_uploaded_template_changes_the_wording_of_every_download(world) -> None:
    client = world.client(world.reviewer)
    assert WORDING in _report_text(client)
    page = _upload(client, _edited(WORDING, "Kết quả cụ thể trên từng lĩnh vực"))
    assert "Đã dùng mẫu «mau-tinh.docx» cho báo cáo của tỉnh." in page.content.decode()
    assert 'id="template-in-use">mẫu riêng của tỉnh<' in page.content.decode()
    # The help speaks of the marks in braces, never of the template language's syntax.
    html = " ".join(page.content.decode().split())
    assert "giữ nguyên các chỗ đánh dấu trong ngoặc nhọn" in html
    assert "{{" not in html and "{%" not in html
    text = _report_text(world.client(world.viewer))
    assert "Kết quả cụ thể trên từng lĩnh vực" in text and WORDING not in text
    downloaded = client.get("/ky/2023Q1/bao-cao/mau-word.docx").content
    assert downloaded == _edited(WORDING, "Kết quả cụ thể trên từng lĩnh vực")


def test_a_broken_tag_is_refused_naming_its_line_and_the_template_in_use_stays(world) -> None:
    client = world.client(world.reviewer)
    page = _upload(client, _edited("{%p endif %}", "{%p endiff %}"))
    html = page.content.decode()
    assert "Chưa thay mẫu: Mẫu có chỗ đánh dấu trong ngoặc nhọn bị viết sai ở dòng" in " ".join(html.split())
    assert "{%" not in html and "{{" not in html
    assert 'id="template-in-use">mẫu gốc của hệ thống<' in html
    assert WORDING in _report_text(client)


def test_a_file_that_is_not_a_word_document_is_refused(world) -> None:
    page = _upload(world.client(world.reviewer), b"%PDF-1.4 not a docx", name="mau.pdf")
    assert "Tệp tải lên không phải tài liệu Word (.docx)." in page.content.decode()


def test_going_back_to_the_shipped_template(world) -> None:
    client = world.client(world.reviewer)
    _upload(client, _edited(WORDING, "Kết quả cụ thể trên từng lĩnh vực"))
    page = client.post("/ky/2023Q1/bao-cao/mau-word/", {"goc": "1"}, follow=True)
    assert "Đã trở lại mẫu Word gốc của hệ thống." in page.content.decode()
    assert WORDING in _report_text(client)


def test_only_the_reviewer_and_the_administrator_may_change_or_fetch_the_template(world) -> None:
    for user in (world.reporter_a, world.viewer):
        client = world.client(user)
        assert _upload(client, _edited(WORDING, "khác")).status_code == 403
        assert client.get("/ky/2023Q1/bao-cao/mau-word.docx").status_code == 403
    assert WORDING in _report_text(world.client(world.reviewer))


def test_a_template_cannot_reach_the_server(world, tmp_path) -> None:
    marker = tmp_path / "da-chay"
    attack = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"
    page = _upload(world.client(world.reviewer), _edited("{{ trich_yeu }}", attack))
    assert (
        "Chưa thay mẫu: Mẫu có thẻ «cycler.__init__.__globals__» gọi tới thuộc tính ẩn"
        in page.content.decode()
    )
    assert not marker.exists()


def test_a_misspelt_tag_is_refused_instead_of_printing_an_empty_figure(world) -> None:
    page = _upload(world.client(world.reviewer), _edited("{{ trich_yeu }}", "{{ trich_yeuu }}"))
    assert "Chưa thay mẫu: Mẫu có thẻ «trich_yeuu» không có trong danh sách thẻ của báo cáo" in (
        page.content.decode()
    )


def test_a_word_file_without_the_reports_styles_is_refused(world) -> None:
    from docx import Document as NewDocument

    buffer = io.BytesIO()
    NewDocument().save(buffer)
    page = _upload(world.client(world.reviewer), buffer.getvalue())
    assert "Chưa thay mẫu: Mẫu thiếu kiểu định dạng" in page.content.decode()
