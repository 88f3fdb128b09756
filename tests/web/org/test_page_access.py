"""Who gets what on every page: the exact status for each persona, and nothing written when refused.

Personas: anonymous, reporter_a (Sở Tư pháp), reporter_b (huyện Nga Sơn), reviewer (Sở Nội vụ, enters the
province unit's figures), viewer, admin. Another unit's pages are a 404 for a reporter, whatever the
method: the address of a unit they may not see must not tell them it exists.
"""

from __future__ import annotations

import pytest

from cchc.web.reporting.models import Submission, Value, ValueChange, WorkflowEvent
from cchc.web.reporting.services import ensure_period, save_values, submission_for, transition

PERSONAS = ("anonymous", "reporter_a", "reporter_b", "reviewer", "viewer", "admin")

A = "/ky/2023Q1/don-vi/so-tu-phap/"
B = "/ky/2023Q1/don-vi/huyen-nga-son/"
P = "/ky/2023Q1/don-vi/ubnd-tinh/"

# (case, method, address, posted data, status for each persona in PERSONAS order)
# A confirmed send (the first «Gửi» only asks: "ask to submit A").
SUBMIT = {"action": "submit", "xac-nhan": "1"}

CASES = [
    ("home", "get", "/", None, (302, 200, 200, 200, 200, 200)),
    ("completeness", "get", "/ky/2023Q1/", None, (302, 403, 403, 200, 200, 200)),
    ("completeness of an unknown period", "get", "/ky/2031Q1/", None, (302, 403, 403, 404, 404, 404)),
    ("unit A's forms", "get", A, None, (302, 200, 404, 200, 200, 200)),
    ("unit B's forms", "get", B, None, (302, 404, 200, 200, 200, 200)),
    ("post to unit B's forms", "post", B, {}, (302, 404, 405, 405, 405, 405)),
    ("an unknown unit", "get", "/ky/2023Q1/don-vi/so-khong-co/", None, (302, 404, 404, 404, 404, 404)),
    ("entry A", "get", A + "bieu/3/", None, (302, 200, 404, 200, 200, 200)),
    ("entry B", "get", B + "bieu/3/", None, (302, 404, 200, 200, 200, 200)),
    ("entry A form 8", "get", A + "bieu/8/", None, (302, 404, 404, 404, 404, 404)),
    ("entry A form 0", "get", A + "bieu/0/", None, (302, 404, 404, 404, 404, 404)),
    (
        "entry A of an unknown period",
        "get",
        "/ky/2031Q1/don-vi/so-tu-phap/bieu/3/",
        None,
        (302,) + (404,) * 5,
    ),
    (
        "entry B after the district level ended",
        "get",
        "/ky/2025Q3/don-vi/huyen-nga-son/bieu/3/",
        None,
        (302,) + (404,) * 5,
    ),
    ("save A", "post", A + "bieu/3/", {"version": "0", "v-BM3-3.1.1": "5"}, (302, 302, 404, 403, 403, 302)),
    ("save B", "post", B + "bieu/3/", {"version": "0", "v-BM3-3.2.1": "5"}, (302, 404, 302, 403, 403, 302)),
    (
        "save the province",
        "post",
        P + "bieu/3/",
        {"version": "0", "v-BM3-1.1": "5"},
        (302, 404, 404, 302, 403, 302),
    ),
    ("put entry B", "put", B + "bieu/3/", None, (302, 404, 405, 405, 405, 405)),
    ("preview A", "post", A + "bieu/3/tinh-thu/", {"v-BM3-3.1.1": "5"}, (302, 200, 404, 200, 200, 200)),
    ("preview B", "post", B + "bieu/3/tinh-thu/", {"v-BM3-3.2.1": "5"}, (302, 404, 200, 200, 200, 200)),
    ("get preview B", "get", B + "bieu/3/tinh-thu/", None, (302, 404, 405, 405, 405, 405)),
    ("ask to submit A", "post", A + "bieu/3/chuyen/", {"action": "submit"}, (302, 200, 404, 403, 403, 200)),
    ("submit A", "post", A + "bieu/3/chuyen/", SUBMIT, (302, 302, 404, 403, 403, 302)),
    ("submit B", "post", B + "bieu/3/chuyen/", SUBMIT, (302, 404, 302, 403, 403, 302)),
    ("approve A", "post", A + "bieu/3/chuyen/", {"action": "approve"}, (302, 403, 404, 302, 403, 302)),
    # Not a step: back to the form (a send whose session expired comes here after logging in again).
    ("get transition B", "get", B + "bieu/3/chuyen/", None, (302, 404, 302, 302, 302, 302)),
    ("history A", "get", A + "bieu/3/lich-su/BM3-3.1.1/", None, (302, 200, 404, 200, 200, 200)),
    ("history B", "get", B + "bieu/3/lich-su/BM3-3.2.1/", None, (302, 404, 200, 200, 200, 200)),
    ("post history B", "post", B + "bieu/3/lich-su/BM3-3.2.1/", {}, (302, 404, 405, 405, 405, 405)),
]

REFUSED = {403, 404, 405}


def snapshot() -> tuple[object, ...]:
    """Everything a page could write: values, audit records, workflow events and forms."""
    return (
        sorted(Value.objects.values_list("submission_id", "code", "text", "note")),
        ValueChange.objects.count(),
        WorkflowEvent.objects.count(),
        sorted(Submission.objects.values_list("unit__code", "form", "status", "version")),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("case", "method", "url", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_persona_gets_exactly_the_expected_status(
    world, persona, case, method, url, data, expected
) -> None:
    ensure_period("2025Q3")
    user = None if persona == "anonymous" else getattr(world, persona)
    client = world.client(user)
    before = snapshot()
    send = getattr(client, method)
    response = send(url, data) if data is not None else send(url)
    status = expected[PERSONAS.index(persona)]
    assert response.status_code == status, f"{case} as {persona}"
    if persona == "anonymous":
        assert response["Location"].startswith("/dang-nhap/?next=")
    if persona == "anonymous" or status in REFUSED:
        assert snapshot() == before, f"{case} as {persona} wrote something"


def test_a_refused_save_of_another_unit_leaves_its_figures_alone(world) -> None:
    save_values(submission_for(world.unit_b, world.period, 3), world.reporter_b, {"BM3-3.2.1": ("40", None)})
    before = snapshot()
    reporter_a = world.client(world.reporter_a)
    assert reporter_a.post(B + "bieu/3/", {"version": "1", "v-BM3-3.2.1": "1"}).status_code == 404
    assert reporter_a.post(B + "bieu/3/chuyen/", SUBMIT).status_code == 404
    viewer = world.client(world.viewer)
    assert viewer.post(B + "bieu/3/", {"version": "1", "v-BM3-3.2.1": "1"}).status_code == 403
    assert viewer.post(B + "bieu/3/chuyen/", SUBMIT).status_code == 403
    assert snapshot() == before
    assert Value.objects.get(code="BM3-3.2.1").text == "40"


def test_a_reporter_home_lists_only_their_units_forms(world) -> None:
    content = world.client(world.reporter_a).get("/").content.decode()
    assert "Sở Tư pháp" in content and "Quý I năm 2023" in content
    assert 'href="/ky/2023Q1/don-vi/so-tu-phap/bieu/3/"' in content
    assert "Nga Sơn" not in content and "UBND tỉnh" not in content
    assert "Các kỳ báo cáo" not in content and 'href="/ky/2023Q1/"' not in content
    # A department has no rows in Biểu mẫu 2, so it is not offered.
    assert 'href="/ky/2023Q1/don-vi/so-tu-phap/bieu/2/"' not in content


def test_province_users_see_the_periods_and_the_reviewer_their_own_unit(world) -> None:
    ensure_period("2023Q2")
    reviewer = world.client(world.reviewer).get("/").content.decode()
    assert "Các kỳ báo cáo" in reviewer
    assert reviewer.index('href="/ky/2023Q2/"') < reviewer.index('href="/ky/2023Q1/"')
    assert 'href="/ky/2023Q1/don-vi/ubnd-tinh/bieu/3/"' in reviewer
    # Their own forms are the province unit's; other units appear only as late, in the review lists.
    assert 'href="/ky/2023Q1/don-vi/so-tu-phap/bieu/' not in reviewer
    assert '<a href="/ky/2023Q1/don-vi/so-tu-phap/">Sở Tư pháp</a>: còn biểu mẫu 1' in reviewer
    viewer = world.client(world.viewer).get("/").content.decode()
    assert 'href="/ky/2023Q1/"' in viewer and "/don-vi/" not in viewer


def test_the_unit_page_shows_each_forms_status_and_findings(world) -> None:
    client = world.client(world.reporter_a)
    client.post(A + "bieu/3/", {"version": "0", "v-BM3-3.1.1": "10", "v-BM3-3.1.2": "12"})
    content = client.get(A).content.decode()
    assert "Sở Tư pháp · Quý I năm 2023" in content
    assert '<span class="finding error">1 lỗi</span>' in content
    assert '<span class="status draft">Đang nhập</span>' in content
    assert 'href="/ky/2023Q1/don-vi/so-tu-phap/bieu/7/"' in content


def test_the_reviewer_finds_the_forms_waiting_for_a_decision_on_the_start_page(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("100", None), "BM3-3.1.2": ("95", None)})
    transition(submission_for(world.unit_a, world.period, 3), world.reporter_a, "submit")
    page = world.client(world.reviewer).get("/").content.decode()
    assert "Biểu mẫu chờ duyệt (1)" in page
    assert 'href="/ky/2023Q1/don-vi/so-tu-phap/bieu/3/">Biểu mẫu 3</a>' in page
    assert "chờ duyệt" not in world.client(world.reporter_a).get("/").content.decode()
