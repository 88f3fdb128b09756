"""The upload bombs an attack used, replayed against a live `cchc demo` server (waitress, real sockets).

While a reviewer uploads each bomb, another user keeps loading a page; every one of their requests
must be answered, every bomb must be refused in Vietnamese, the server process must still be running
at the end, and the report downloaded afterwards must hold nothing but the report.
"""

from __future__ import annotations

import io
import re
import threading
import time
import zipfile

import requests
import xlsxwriter

from attacks.conftest import csrf, login
from template_edits import shipped_template_with


class Bystander(threading.Thread):
    """Another user loading a page twice a second, recording what each request got."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.session = login(base, "xem")
        self.url = f"{base}/"
        self.answers: list[int | str] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                self.answers.append(self.session.get(self.url, timeout=30).status_code)
            except requests.RequestException as error:
                self.answers.append(type(error).__name__)
            time.sleep(0.5)


def _template(payload: str) -> bytes:
    return shipped_template_with(
        {"word/document.xml": lambda text: text.replace("{{ trich_yeu }}", payload, 1)}
    )


def _far_cell_workbook(first: str) -> bytes:
    """A few kilobytes: A1 and XFD1048576, with no declared range (the reader must find it)."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write(0, 0, first)
    sheet.write(1048575, 16383, "x")
    workbook.close()
    parts = {item.filename: zipfile.ZipFile(out).read(item) for item in zipfile.ZipFile(out).infolist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = re.sub(rb"<dimension[^>]*/>", b"", parts[name])
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)
    return result.getvalue()


def _upload_template(session: requests.Session, base: str, data: bytes) -> str:
    edit = f"{base}/ky/2023Q1/bao-cao/"
    answer = session.post(
        f"{base}/ky/2023Q1/bao-cao/mau-word/",
        data={"csrfmiddlewaretoken": csrf(session, edit)},
        files={"file": ("mau.docx", data)},
        headers={"Referer": edit},
        timeout=120,
    )
    assert answer.status_code == 200
    return answer.text


def _import_dossiers(session: requests.Session, base: str, data: bytes) -> str:
    home = f"{base}/ho-so/"
    answer = session.post(
        f"{base}/ho-so/nhap/",
        data={
            "csrfmiddlewaretoken": csrf(session, home),
            "period": "2023Q1",
            "mapping": "cchc",
            "system": "Hệ thống thử",
        },
        files={"files": ("ho-so.xlsx", data)},
        headers={"Referer": home},
        timeout=120,
    )
    assert answer.status_code == 200
    for _ in range(120):
        page = session.get(answer.url, timeout=30).text
        if "nên đã dừng" in page:  # the import failed with the worker's reason
            return page
        time.sleep(0.5)
    return page


def _upload_form(session: requests.Session, base: str, number: int, data: bytes) -> str:
    form = f"{base}/ky/2023Q1/don-vi/so-tu-phap/bieu/{number}/"
    answer = session.post(
        f"{form}excel/tai-len/",
        data={"csrfmiddlewaretoken": csrf(session, form)},
        files={"file": (f"bieu-{number}.xlsx", data)},
        headers={"Referer": form},
        timeout=120,
    )
    assert answer.status_code == 200
    return " ".join(re.findall(r'<ul class="messages">.*?</ul>', answer.text, re.S))


def test_the_server_answers_everyone_while_it_refuses_every_bomb(live) -> None:
    base, process = live.base, live.process
    reviewer = login(base, "thamdinh")
    bystander = Bystander(base)
    bystander.start()
    try:
        loops = "".join("{% for i" + str(n) + " in 'abcdefghijklmnopqrst' %}" for n in range(9))
        cpu = _upload_template(reviewer, base, _template(loops + "{% endfor %}" * 9))
        assert "Mẫu Word: chạy quá 3 giây CPU nên đã dừng." in cpu
        power = _upload_template(reviewer, base, _template("{{ (9**(9**8)) > 0 }}"))
        assert "lũy thừa quá lớn bị từ chối" in power
        database = "{% if bieu_do_dung_han.tpl is defined %}{{ bieu_do_dung_han.tpl.replace_zipname('docProps/app.xml', 'cchc.sqlite3') }}{% endif %}"
        assert "hình biểu đồ chỉ được in ra" in _upload_template(reviewer, base, _template(database))
        paragraphs = _template("<w:p/>" * (4 * 1024 * 1024))
        assert "vượt giới hạn 20 MB cho một phần" in _upload_template(reviewer, base, paragraphs)
        imported = _import_dossiers(reviewer, base, _far_cell_workbook("Mã hồ sơ"))
        assert "việc đọc cần nhiều bộ nhớ hơn giới hạn 1024 MB nên đã dừng" in imported
        reporter = login(base, "sotuphap")
        refusals = [
            _upload_form(reporter, base, number, _far_cell_workbook("cchc")) for number in range(1, 8)
        ]
        # Approved forms refuse any upload; the others must refuse this workbook for what it is.
        assert any("Chưa nhận tệp Excel, chưa lưu số liệu nào" in text for text in refusals), refusals
    finally:
        bystander.done.set()
        bystander.join(timeout=60)
    assert process.poll() is None, "the server process died"
    assert bystander.answers and set(bystander.answers) == {200}, bystander.answers
    # Quý I/2023 keeps the sample's own contradictions: the report leaves after its confirmation.
    confirm = f"{base}/ky/2023Q1/bao-cao/xac-nhan/docx/"
    page = reviewer.get(f"{base}/ky/2023Q1/bao-cao/tai-ve.docx", timeout=120)
    assert page.url == confirm
    errors = re.search(r'name="so-loi" value="(\d+)"', page.text)
    assert errors is not None
    report = reviewer.post(
        confirm,
        data={"csrfmiddlewaretoken": csrf(reviewer, confirm), "so-loi": errors.group(1), "xac-nhan": "1"},
        headers={"Referer": confirm},
        timeout=120,
    )
    assert report.status_code == 200
    with zipfile.ZipFile(io.BytesIO(report.content)) as package:
        for name in package.namelist():
            assert b"SQLite format 3" not in package.read(name)
