"""Who gets what from the API: every endpoint × every persona with its exact status, and unit B sealed off."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cchc.web.org.tokens import issue_token
from cchc.web.reporting.models import Submission, Value, ValueChange, WorkflowEvent
from cchc.web.reporting.services import save_values, submission_for

PERSONAS = ["anonymous", "bad_token", "reporter_a", "reporter_b", "reviewer", "viewer", "admin"]

FORM_A = "/api/periods/2023Q1/units/so-tu-phap/forms/3"
FORM_B = "/api/periods/2023Q1/units/huyen-nga-son/forms/3"
SAVE_A = {"version": 0, "values": [{"code": "BM3-3.1.1", "text": "10"}]}
SAVE_B = {"version": 0, "values": [{"code": "BM3-3.2.1", "text": "99"}]}

# endpoint name → (method, url, body)
ENDPOINTS = {
    "catalogue": ("get", "/api/catalogue", None),
    "units": ("get", "/api/units", None),
    "periods": ("get", "/api/periods", None),
    "read_form_a": ("get", FORM_A, None),
    "write_form_a": ("put", FORM_A, SAVE_A),
    "submissions": ("get", "/api/periods/2023Q1/submissions", None),
    "submit_a": ("post", FORM_A + "/transitions", {"action": "submit"}),
    "approve_a": ("post", FORM_A + "/transitions", {"action": "approve"}),
    "events": ("get", "/api/periods/2023Q1/events", None),
    "aggregate": ("get", "/api/periods/2023Q1/aggregate", None),
    "findings": ("get", "/api/periods/2023Q1/findings", None),
    "history_a": ("get", FORM_A + "/history", None),
    "read_unknown_period": ("get", "/api/periods/2099Q1/units/so-tu-phap/forms/3", None),
    "read_unknown_unit": ("get", "/api/periods/2023Q1/units/khong-co/forms/3", None),
    "create_token": ("post", "/api/tokens", {"name": "x"}),
}

# The expected status of each endpoint for each persona, in PERSONAS order.
EXPECTED = {
    #                       anon bad  rep_a rep_b revw  view  admin
    "catalogue":           (401, 401, 200, 200, 200, 200, 200),
    "units":               (401, 401, 200, 200, 200, 200, 200),
    "periods":             (401, 401, 200, 200, 200, 200, 200),
    "read_form_a":         (401, 401, 200, 404, 200, 200, 200),
    "write_form_a":        (401, 401, 200, 404, 403, 403, 200),
    "submissions":         (401, 401, 200, 200, 200, 200, 200),
    "submit_a":            (401, 401, 200, 404, 403, 403, 200),
    "approve_a":           (401, 401, 403, 404, 409, 403, 409),
    "events":              (401, 401, 200, 200, 200, 200, 200),
    "aggregate":           (401, 401, 403, 403, 200, 200, 200),
    "findings":            (401, 401, 200, 200, 200, 200, 200),
    "history_a":           (401, 401, 200, 404, 200, 200, 200),
    "read_unknown_period": (401, 401, 404, 404, 404, 404, 404),
    "read_unknown_unit":   (401, 401, 404, 404, 404, 404, 404),
    # Tokens are minted from a logged-in browser session only, never by another token.
    "create_token":        (401, 401, 401, 401, 401, 401, 401),
}  # fmt: skip

CASES = [
    pytest.param(endpoint, persona, EXPECTED[endpoint][i], id=f"{endpoint}-{persona}")
    for endpoint in ENDPOINTS
    for i, persona in enumerate(PERSONAS)
]


def client_for(world, persona: str) -> Client:
    """A client calling as the persona: no credentials, a made-up key, or the persona's own token."""
    if persona == "anonymous":
        return Client()
    if persona == "bad_token":
        return Client(headers={"Authorization": "Bearer cchc_ceci-n-est-pas-une-cle"})
    return Client(headers={"Authorization": f"Bearer {issue_token(getattr(world, persona))}"})


def call(client: Client, method: str, url: str, body: dict | None):
    """Make the request, with a JSON body when there is one."""
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("endpoint", "persona", "status"), CASES)
def test_each_endpoint_answers_each_persona_with_the_expected_status(
    world, endpoint, persona, status
) -> None:
    method, url, body = ENDPOINTS[endpoint]
    response = call(client_for(world, persona), method, url, body)
    assert response.status_code == status, response.content
    if status >= 400:
        error = response.json()
        assert set(error) == {"detail", "problems"}
        # Vietnamese sentences, not framework English.
        assert error["detail"] not in {"Unauthorized", "Forbidden", "Not Found"}
        assert any(ch in error["detail"] for ch in "ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỷỹ")


def snapshot() -> tuple:
    """Everything the reporting tables hold, to show that a refused request changed nothing."""
    return (
        list(Submission.objects.order_by("pk").values_list("pk", "unit__code", "form", "status", "version")),
        list(Value.objects.order_by("pk").values_list("pk", "code", "kind", "text", "note")),
        list(ValueChange.objects.order_by("pk").values_list("pk", "code", "new_text")),
        list(WorkflowEvent.objects.order_by("pk").values_list("pk", "action")),
    )


@pytest.fixture
def unit_b_has_figures(world) -> None:
    """Unit B has saved a figure, so that there is something to read, overwrite or move."""
    form = submission_for(world.unit_b, world.period, 3)
    save_values(form, world.reporter_b, {"BM3-3.2.1": ("120", "số liệu huyện")})


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", FORM_B, None),
        ("put", FORM_B, SAVE_B),
        ("put", FORM_B, {"version": 1, "values": [{"code": "BM3-3.2.1", "text": ""}]}),
        ("post", FORM_B + "/transitions", {"action": "submit"}),
        ("get", FORM_B + "/history", None),
        ("get", FORM_B + "/history?code=BM3-3.2.1", None),
        ("get", "/api/periods/2023Q1/events?unit=huyen-nga-son", None),
        ("get", "/api/periods/2023Q1/units/huyen-nga-son/forms/1", None),
    ],
    ids=["read", "overwrite", "clear", "submit", "history", "history-of-a-cell", "events", "other-form"],
)
def test_reporter_a_can_neither_read_nor_change_unit_b_and_the_database_is_unchanged(
    world, unit_b_has_figures, method, url, body
) -> None:
    before = snapshot()
    for client in (client_for(world, "reporter_a"), world.client(world.reporter_a)):
        response = call(client, method, url, body)
        assert response.status_code == 404
        assert "huyen-nga-son" in response.json()["detail"]
        assert "120" not in response.content.decode()
    assert snapshot() == before


def test_unit_b_is_absent_from_reporter_as_lists(world, unit_b_has_figures) -> None:
    client = client_for(world, "reporter_a")
    assert [u["code"] for u in client.get("/api/units").json()] == ["so-tu-phap"]
    assert {s["unit"] for s in client.get("/api/periods/2023Q1/submissions").json()} == {"so-tu-phap"}
    assert client.get("/api/periods/2023Q1/events").json() == []
    assert all(f["unit"] == "so-tu-phap" for f in client.get("/api/periods/2023Q1/findings").json())


def test_the_same_answer_for_a_hidden_unit_and_a_unit_that_does_not_exist(world) -> None:
    client = client_for(world, "reporter_a")
    hidden = client.get(FORM_B).json()["detail"]
    missing = client.get("/api/periods/2023Q1/units/khong-co/forms/3").json()["detail"]
    assert hidden.replace("huyen-nga-son", "X") == missing.replace("khong-co", "X")


def test_a_401_says_how_to_authenticate(world) -> None:
    response = Client().get("/api/units")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_token_of_a_deactivated_user_no_longer_works(world) -> None:
    key = issue_token(world.reporter_a)
    world.reporter_a.is_active = False
    world.reporter_a.save()
    assert Client(headers={"Authorization": f"Bearer {key}"}).get("/api/units").status_code == 401
