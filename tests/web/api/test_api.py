"""The REST API's behaviour: catalogue, reading and writing figures, conflicts, workflow, aggregate, findings."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client

from cchc.web.org.tokens import issue_token
from cchc.web.reporting.models import Status, Submission, Value, ValueChange, WorkflowEvent
from cchc.web.reporting.services import province_aggregate, save_values, submission_for

FORM3_A = "/api/periods/2023Q1/units/so-tu-phap/forms/3"
FORM3_B = "/api/periods/2023Q1/units/huyen-nga-son/forms/3"


def api_client(user) -> Client:
    """A client that authenticates with a fresh API token of `user`."""
    return Client(headers={"Authorization": f"Bearer {issue_token(user, 'thử nghiệm')}"})


def put(client: Client, url: str, body: dict):
    """PUT a JSON body."""
    return client.put(url, data=json.dumps(body), content_type="application/json")


def post(client: Client, url: str, body: dict):
    """POST a JSON body."""
    return client.post(url, data=json.dumps(body), content_type="application/json")


def by_code(values: list[dict]) -> dict[str, dict]:
    """The values of a form answer keyed by row code."""
    return {value["code"]: value for value in values}


def test_the_catalogue_lists_the_seven_forms_with_formulas_options_and_levels(world) -> None:
    response = api_client(world.viewer).get("/api/catalogue")
    assert response.status_code == 200
    body = response.json()
    assert [form["number"] for form in body["forms"]] == [1, 2, 3, 4, 5, 6, 7]
    rows = {row["code"]: row for form in body["forms"] for row in form["rows"]}
    assert len(rows) == 146
    rate = rows["BM3-3.1"]
    assert (rate["stt"], rate["unit"], rate["kind"], rate["decimals"]) == ("3.1", "%", "percent", 2)
    assert rate["formula"] == "pct(BM3-3.1.2, BM3-3.1.1)"
    assert rate["levels"] == ["so"]
    assert rate["parent"] == "BM3-3"
    assert rows["BM3-3.1.1"]["formula"] is None
    assert rows["BM3-3"]["kind"] == "heading"
    coded = [row for row in rows.values() if row["options"]]
    assert {"value": 1, "label": "Có"} in coded[0]["options"]


def test_written_values_read_back_with_dash_blank_and_zero_kept_apart(world) -> None:
    client = api_client(world.reporter_a)
    response = put(
        client,
        FORM3_A,
        {
            "version": 0,
            "values": [
                {"code": "BM3-3.1.1", "text": "1.250"},
                {"code": "BM3-3.1.2", "text": "-"},
                {"code": "BM3-3.4.1", "text": "0"},
                {"code": "BM3-3.4.2", "text": "", "note": "chưa tổng hợp"},
            ],
        },
    )
    assert response.status_code == 200, response.json()
    saved = response.json()
    assert (saved["changed"], saved["version"], saved["status"]) == (4, 1, "draft")

    body = client.get(FORM3_A).json()
    values = by_code(body["values"])
    assert body["version"] == 1
    assert values["BM3-3.1.1"] == {
        "code": "BM3-3.1.1",
        "stt": "3.1.1",
        "kind": "number",
        "text": "1.250",
        "number": "1250",
        "note": "",
        "computed": False,
    }
    assert (values["BM3-3.1.2"]["kind"], values["BM3-3.1.2"]["text"], values["BM3-3.1.2"]["number"]) == (
        "dash",
        "-",
        None,
    )
    assert (values["BM3-3.4.1"]["kind"], values["BM3-3.4.1"]["text"], values["BM3-3.4.1"]["number"]) == (
        "number",
        "0",
        "0",
    )
    assert (values["BM3-3.4.2"]["kind"], values["BM3-3.4.2"]["text"], values["BM3-3.4.2"]["number"]) == (
        "blank",
        "",
        None,
    )
    assert values["BM3-3.4.2"]["note"] == "chưa tổng hợp"
    # Unit A (a department) sees only its own rows: the district and commune rows are not in its form.
    assert [v["code"] for v in body["values"]] == [
        "BM3-3.1",
        "BM3-3.1.1",
        "BM3-3.1.2",
        "BM3-3.4",
        "BM3-3.4.1",
        "BM3-3.4.2",
    ]


def test_computed_rows_come_back_exact_as_decimal_strings_and_flagged(world) -> None:
    client = api_client(world.reporter_a)
    put(
        client,
        FORM3_A,
        {
            "version": 0,
            "values": [
                {"code": "BM3-3.1.1", "text": "1.250"},
                {"code": "BM3-3.1.2", "text": "1.200"},
                {"code": "BM3-3.4.1", "text": "0"},
                {"code": "BM3-3.4.2", "text": "0"},
            ],
        },
    )
    values = by_code(client.get(FORM3_A).json()["values"])
    assert values["BM3-3.1"] == {
        "code": "BM3-3.1",
        "stt": "3.1",
        "kind": "number",
        "text": "96,00",
        "number": "96.00",
        "note": "",
        "computed": True,
    }
    # 0 / 0: the rate cannot be computed, which a form writes as "-".
    assert (values["BM3-3.4"]["kind"], values["BM3-3.4"]["number"], values["BM3-3.4"]["computed"]) == (
        "dash",
        None,
        True,
    )
    assert all(not v["computed"] for code, v in values.items() if code.count(".") == 2)


def test_a_write_through_the_api_is_audited_with_channel_api_and_a_request_id(world) -> None:
    response = put(
        api_client(world.reporter_a),
        FORM3_A,
        {"version": 0, "values": [{"code": "BM3-3.1.1", "text": "10"}]},
    )
    assert response.status_code == 200
    change = ValueChange.objects.get(code="BM3-3.1.1")
    assert (change.channel, change.user, change.new_text) == ("api", world.reporter_a, "10")
    assert change.request_id == response["X-Request-Id"]


def test_clearing_a_cell_with_an_empty_text_makes_it_blank_again(world) -> None:
    client = api_client(world.reporter_a)
    put(client, FORM3_A, {"version": 0, "values": [{"code": "BM3-3.1.1", "text": "0"}]})
    response = put(client, FORM3_A, {"version": 1, "values": [{"code": "BM3-3.1.1", "text": ""}]})
    assert response.status_code == 200
    assert by_code(response.json()["values"])["BM3-3.1.1"]["kind"] == "blank"
    assert not Value.objects.filter(code="BM3-3.1.1").exists()


def test_text_in_a_number_cell_is_refused_with_422_naming_the_row_and_nothing_is_saved(world) -> None:
    response = put(
        api_client(world.reporter_a),
        FORM3_A,
        {
            "version": 0,
            "values": [{"code": "BM3-3.1.1", "text": "100"}, {"code": "BM3-3.1.2", "text": "nhiều"}],
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert list(body["problems"]) == ["BM3-3.1.2"]
    assert body["problems"]["BM3-3.1.2"] == (
        "Số hồ sơ TTHC giải quyết đúng hạn: «nhiều» không phải là số; ghi số, «-» hoặc để trống."
    )
    assert "Số hồ sơ TTHC giải quyết đúng hạn" in body["detail"]
    assert not Value.objects.exists()
    assert not Submission.objects.exists()


def test_a_computed_row_cannot_be_written(world) -> None:
    response = put(
        api_client(world.reporter_a), FORM3_A, {"version": 0, "values": [{"code": "BM3-3.1", "text": "50"}]}
    )
    assert response.status_code == 422
    assert "dòng tự tính" in response.json()["problems"]["BM3-3.1"]


def test_a_save_from_a_stale_version_is_refused_with_409_and_the_newer_figures_stay(world) -> None:
    client = api_client(world.reporter_a)
    assert (
        put(client, FORM3_A, {"version": 0, "values": [{"code": "BM3-3.1.1", "text": "10"}]}).status_code
        == 200
    )
    response = put(client, FORM3_A, {"version": 0, "values": [{"code": "BM3-3.1.1", "text": "11"}]})
    assert response.status_code == 409
    assert "người khác lưu" in response.json()["detail"]
    assert Value.objects.get(code="BM3-3.1.1").text == "10"
    assert client.get(FORM3_A).json()["version"] == 1


def test_a_malformed_body_is_refused_in_vietnamese(world) -> None:
    client = api_client(world.reporter_a)
    response = put(client, FORM3_A, {"version": "mới", "values": "không"})
    assert response.status_code == 422
    body = response.json()
    assert body["problems"] == {
        "body.body.version": "phải là số nguyên",
        "body.body.values": "phải là một danh sách",
    }
    not_json = client.put(FORM3_A, data="{", content_type="application/json")
    assert not_json.status_code == 400
    assert not_json.json()["detail"] == "Nội dung yêu cầu không phải JSON hợp lệ."


def test_the_workflow_runs_through_the_api_and_records_its_events(world) -> None:
    reporter, reviewer = api_client(world.reporter_a), api_client(world.reviewer)
    put(
        reporter,
        FORM3_A,
        {"version": 0, "values": [{"code": "BM3-3.1.1", "text": "10"}, {"code": "BM3-3.1.2", "text": "9"}]},
    )
    submitted = post(reporter, FORM3_A + "/transitions", {"action": "submit"})
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted" and submitted.json()["on_time"] is not None

    refused = post(reviewer, FORM3_A + "/transitions", {"action": "return", "comment": " "})
    assert refused.status_code == 409 and "cần ghi lý do" in refused.json()["detail"]

    returned = post(
        reviewer, FORM3_A + "/transitions", {"action": "return", "comment": "Kiểm tra lại mục 3.1.2"}
    )
    assert returned.json()["status"] == "returned"
    assert post(reporter, FORM3_A + "/transitions", {"action": "submit"}).status_code == 200
    approved = post(reviewer, FORM3_A + "/transitions", {"action": "approve"})
    assert approved.status_code == 200 and approved.json()["approved_at"] is not None

    # An approved form cannot be changed until it is reopened.
    locked = put(reporter, FORM3_A, {"version": 0, "values": [{"code": "BM3-3.1.1", "text": "11"}]})
    assert locked.status_code == 422 and "Đã duyệt" in locked.json()["detail"]
    again = post(reviewer, FORM3_A + "/transitions", {"action": "approve"})
    assert again.status_code == 409

    events = reviewer.get("/api/periods/2023Q1/events", {"unit": "so-tu-phap", "form": 3}).json()
    assert [(e["action"], e["to_status"]) for e in events] == [
        ("submit", "submitted"),
        ("return", "returned"),
        ("submit", "submitted"),
        ("approve", "approved"),
    ]
    assert events[1]["comment"] == "Kiểm tra lại mục 3.1.2" and events[1]["user"] == "thamdinh"
    assert {e["channel"] for e in events} == {"api"}
    assert WorkflowEvent.objects.count() == 4
    assert Submission.objects.get(unit=world.unit_a, form=3).status == Status.APPROVED


def test_an_unknown_action_is_a_422_and_moves_nothing(world) -> None:
    response = post(api_client(world.reporter_a), FORM3_A + "/transitions", {"action": "publish"})
    assert response.status_code == 422
    assert "submit" in response.json()["problems"]["body.body.action"]
    assert not Submission.objects.exists()


def test_the_reporter_sees_the_actions_it_may_take(world) -> None:
    body = api_client(world.reporter_a).get(FORM3_A).json()
    assert (body["status"], body["editable"], body["actions"]) == ("draft", True, ["submit"])
    viewer = api_client(world.viewer).get(FORM3_A).json()
    assert (viewer["editable"], viewer["actions"]) == (False, [])
    # Reading a form does not create it.
    assert not Submission.objects.exists()


def test_submissions_list_every_form_of_the_callers_units_with_their_status(world) -> None:
    form = submission_for(world.unit_a, world.period, 3)
    save_values(form, world.reporter_a, {"BM3-3.1.1": ("10", None), "BM3-3.1.2": ("9", None)})
    post(api_client(world.reporter_a), FORM3_A + "/transitions", {"action": "submit"})

    mine = api_client(world.reporter_a).get("/api/periods/2023Q1/submissions").json()
    assert {s["unit"] for s in mine} == {"so-tu-phap"}
    by_form = {s["form"]: s for s in mine}
    # Sent today, years after the unit deadline of Quý I/2023: late.
    assert by_form[3]["status"] == "submitted" and by_form[3]["on_time"] is False
    assert by_form[3]["version"] == 1
    assert by_form[1]["status"] == "draft" and by_form[1]["submitted_at"] is None

    everyone = api_client(world.reviewer).get("/api/periods/2023Q1/submissions").json()
    assert {s["unit"] for s in everyone} == {"ubnd-tinh", "so-tu-phap", "huyen-nga-son"}


def test_the_aggregate_equals_the_province_aggregate_service(world) -> None:
    a = submission_for(world.unit_a, world.period, 3)
    save_values(
        a, world.reporter_a, {"BM3-3.1.1": ("100", None), "BM3-3.1.2": ("50", None), "BM3-3.4.1": ("-", None)}
    )
    b = submission_for(world.unit_b, world.period, 3)
    save_values(b, world.reporter_b, {"BM3-3.3.1": ("300", None), "BM3-3.3.2": ("297", None)})

    body = api_client(world.reviewer).get("/api/periods/2023Q1/aggregate").json()
    expected = province_aggregate(world.period)
    assert set(body) == set(expected)
    for code, cell in expected.items():
        assert body[code]["kind"] == cell.kind.value
        assert body[code]["text"] == cell.text
        assert (Decimal(body[code]["number"]) if body[code]["number"] is not None else None) == cell.number
    assert body["BM3-3.1"] == {"kind": "number", "text": "50,00", "number": "50.00"}
    assert body["BM3-3.3.1"]["number"] == "300"

    districts = api_client(world.viewer).get("/api/periods/2023Q1/aggregate", {"level": "huyen"}).json()
    assert districts["BM3-3.1.1"]["kind"] == "blank" and districts["BM3-3.3.1"]["number"] == "300"


def test_findings_are_all_units_for_the_reviewer_and_only_their_own_for_a_reporter(world) -> None:
    # More dossiers resolved on time than resolved: a contradiction in each unit's form.
    a = submission_for(world.unit_a, world.period, 3)
    save_values(a, world.reporter_a, {"BM3-3.1.1": ("10", None), "BM3-3.1.2": ("12", None)})
    b = submission_for(world.unit_b, world.period, 3)
    save_values(b, world.reporter_b, {"BM3-3.2.1": ("10", None), "BM3-3.2.2": ("11", None)})

    everything = api_client(world.reviewer).get("/api/periods/2023Q1/findings").json()
    units = {f["unit"] for f in everything}
    assert {"so-tu-phap", "huyen-nga-son"} <= units
    mine = api_client(world.reporter_a).get("/api/periods/2023Q1/findings").json()
    assert mine and {f["unit"] for f in mine} == {"so-tu-phap"}
    assert [f for f in everything if f["unit"] == "so-tu-phap"] == mine
    finding = next(f for f in mine if "BM3-3.1.2" in f["codes"])
    assert finding["form"] == 3 and finding["severity"] in {"error", "warning"}
    assert finding["message"] == (
        "Số hồ sơ TTHC giải quyết đúng hạn (12) lớn hơn tổng số hồ sơ TTHC đã giải quyết xong (10), nên "
        "tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn tính ra 120,00%: "
        "sửa một trong hai số."
    )
    assert finding["codes"] == ["BM3-3.1.2", "BM3-3.1.1", "BM3-3.1"]
    assert not any(f["rule"] == "percent-range" for f in mine)

    form = api_client(world.reporter_a).get(FORM3_A).json()
    assert {f["rule"] for f in form["findings"]} == {f["rule"] for f in mine if f["form"] == 3}


def test_the_history_of_a_cell_lists_each_change_newest_first(world) -> None:
    client = api_client(world.reporter_a)
    put(
        client,
        FORM3_A,
        {"version": 0, "values": [{"code": "BM3-3.1.1", "text": "10"}, {"code": "BM3-3.1.2", "text": "9"}]},
    )
    put(client, FORM3_A, {"version": 1, "values": [{"code": "BM3-3.1.1", "text": "12", "note": "bổ sung"}]})
    changes = client.get(FORM3_A + "/history", {"code": "BM3-3.1.1"}).json()
    assert [(c["old_text"], c["new_text"], c["new_note"]) for c in changes] == [
        ("10", "12", "bổ sung"),
        ("", "10", ""),
    ]
    assert {c["user"] for c in changes} == {"bc-a"}
    assert len(client.get(FORM3_A + "/history").json()) == 3


def test_a_logged_in_user_creates_a_token_once_and_it_then_authenticates(world) -> None:
    browser = world.client(world.reporter_a)
    response = post(browser, "/api/tokens", {"name": "máy chủ thống kê"})
    assert response.status_code == 201
    key = response.json()["key"]
    assert key.startswith("cchc_") and response.json()["prefix"] == key[5:13]
    units = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/units").json()
    assert [u["code"] for u in units] == ["so-tu-phap"]
    # A token cannot mint more tokens: only the session can.
    assert post(Client(headers={"Authorization": f"Bearer {key}"}), "/api/tokens", {}).status_code == 401


def test_the_session_needs_the_csrf_token_for_writes_but_not_for_reads(world) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.reporter_a)
    assert browser.get(FORM3_A).status_code == 200
    refused = put(browser, FORM3_A, {"version": 0, "values": [{"code": "BM3-3.1.1", "text": "10"}]})
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert not Value.objects.exists()
    browser.get("/api/docs")  # sets the CSRF cookie, as the docs page does for the browser
    token = browser.cookies["csrftoken"].value
    accepted = browser.put(
        FORM3_A,
        data=json.dumps({"version": 0, "values": [{"code": "BM3-3.1.1", "text": "10"}]}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 200


def test_the_docs_page_works_offline_from_the_applications_own_files(world) -> None:
    page = Client().get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    assert "/api/docs/assets/swagger-ui-bundle.js" in html
    assert "<title>Giao diện lập trình (API) của cchc</title>" in html
    bundle = Client().get("/api/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and bundle["Content-Type"] == "text/javascript"
    assert Client().get("/api/docs/assets/..%2Fapi.py").status_code == 404
    schema = Client().get("/api/openapi.json").json()
    assert "/api/periods/{period}/units/{unit}/forms/{form}" in schema["paths"]


@pytest.mark.parametrize("header", ["Bearer", "Bearer sai-khoa", "Token abc", "Basic YTpi"])
def test_a_bad_authorization_header_is_a_401_in_vietnamese_even_with_a_session(world, header) -> None:
    client = world.client(world.reporter_a)
    response = client.get("/api/units", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["detail"] == "Khóa API không hợp lệ hoặc đã bị thu hồi."


def test_a_save_without_the_version_it_started_from_is_refused(world) -> None:
    response = put(api_client(world.reporter_a), FORM3_A, {"values": [{"code": "BM3-3.1.1", "text": "10"}]})
    assert response.status_code == 422
    assert not ValueChange.objects.exists()


def test_a_unit_not_in_force_in_the_period_is_not_found(world) -> None:
    import datetime as dt

    from cchc.web.org.models import Assignment, OrgUnit

    commune = OrgUnit.objects.create(
        code="xa-moi", name="UBND xã Mới", level="xa", valid_from=dt.date(2025, 7, 1)
    )
    Assignment.objects.create(user=world.reporter_a, unit=commune)
    url = "/api/periods/2023Q1/units/xa-moi/forms/3"
    response = put(
        api_client(world.reporter_a), url, {"version": 0, "values": [{"code": "BM3-3.3.1", "text": "1"}]}
    )
    assert response.status_code == 404
    assert api_client(world.reporter_a).get(url).status_code == 404
