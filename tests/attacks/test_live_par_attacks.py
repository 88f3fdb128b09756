"""The PAR Index attacked through a live `cchc demo` (real sockets, real logins): 2025 is published and
2026 open in the demo. A reporter of Sở Tư pháp reaches for phường Hạc Thành's sheet, the viewer posts the
council's steps, an anonymous client sends a huge body, and the council tries to reopen a published year."""

from __future__ import annotations

from attacks.conftest import csrf, login
from attacks.test_bodies_refused_unread import GB, exchange, post_head

OWN = "/chi-so-cchc/2026/don-vi/so-tu-phap/"
OTHER = "/chi-so-cchc/2026/don-vi/phuong-hac-thanh/"


def test_a_reporter_cannot_reach_another_units_sheet_on_the_live_server(live) -> None:  # type: ignore[no-untyped-def]
    session = login(live.base, "sotuphap")
    assert session.get(f"{live.base}{OWN}", timeout=30).status_code == 200
    token = csrf(session, f"{live.base}{OWN}")
    assert session.get(f"{live.base}{OTHER}", timeout=30).status_code == 404
    for tail, data in [
        ("", {"version": "0", "p-1.1": "0"}),
        ("chuyen/", {"action": "submit", "xac-nhan": "1"}),
        ("tham-dinh/", {"version": "0", "a-1.1": "0"}),
    ]:
        answer = session.post(
            f"{live.base}{OTHER}{tail}",
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": f"{live.base}{OWN}"},
            timeout=30,
            allow_redirects=False,
        )
        assert answer.status_code == 404, tail
    for fmt in ("docx", "xlsx", "json"):
        assert session.get(f"{live.base}/chi-so-cchc/2025/ket-qua.{fmt}", timeout=30).status_code == 403
    assert session.get(f"{live.base}/chi-so-cchc/2026/dieu-tra/mau.xlsx", timeout=30).status_code == 403


def test_the_viewer_cannot_take_the_councils_steps_on_the_live_server(live) -> None:  # type: ignore[no-untyped-def]
    session = login(live.base, "xem")
    token = csrf(session, f"{live.base}/chi-so-cchc/")
    for path, data in [
        (f"{OWN}tham-dinh/", {"version": "0", "a-1.1": "0", "ar-1.1": "x"}),
        ("/chi-so-cchc/mo/", {"nam": "2027", "han": "15/01/2028"}),
        ("/chi-so-cchc/2026/dong/", {}),
        ("/chi-so-cchc/2026/cong-bo/", {"quyet-dinh": "1/QĐ-UBND"}),
    ]:
        answer = session.post(
            f"{live.base}{path}",
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": f"{live.base}/chi-so-cchc/"},
            timeout=30,
            allow_redirects=False,
        )
        assert answer.status_code == 403, path
    assert session.get(f"{live.base}/chi-so-cchc/2027/", timeout=30).status_code == 404


def test_an_anonymous_post_to_a_sheet_is_answered_before_its_body_is_sent(live) -> None:  # type: ignore[no-untyped-def]
    huge = exchange(live, post_head(OWN, 3 * GB))
    assert (huge[0], huge[3]) == ("HTTP/1.1 413 Request Entity Too Large", True)
    status, headers, _, closed = exchange(live, post_head(OWN, 1024 * 1024))
    assert status == "HTTP/1.1 302 Found"
    assert headers["location"].startswith("/dang-nhap/?next=")
    assert closed


def test_the_council_cannot_reopen_a_published_years_assessment_on_the_live_server(live) -> None:  # type: ignore[no-untyped-def]
    session = login(live.base, "thamdinh")
    sheet = f"{live.base}/chi-so-cchc/2025/don-vi/so-tu-phap/"
    page = session.get(sheet, timeout=30)
    assert page.status_code == 200 and 'value="reopen"' not in page.text
    answer = session.post(
        f"{sheet}chuyen/",
        data={"csrfmiddlewaretoken": csrf(session, sheet), "action": "reopen", "comment": "Sửa sau công bố"},
        headers={"Referer": sheet},
        timeout=30,
    )
    assert "đã công bố; không thay đổi được bản tự đánh giá" in answer.text
    assert "Đã duyệt" in session.get(sheet, timeout=30).text
