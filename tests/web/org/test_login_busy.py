"""While every password-check slot is taken, a login is answered at once with a 429, unhashed."""

from __future__ import annotations

import queue
import threading
from typing import ClassVar

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher, make_password
from django.db import connections
from django.test import Client

from cchc.web.org import logins
from web.conftest import PASSWORD, World, make_world

BUSY = "Đang có nhiều lượt đăng nhập, vui lòng thử lại sau ít giây."


class GateHasher(MD5PasswordHasher):
    """A deliberately slow hasher: each check announces itself and waits until the test opens the gate."""

    algorithm = "gate-md5"
    entered: ClassVar[threading.Semaphore] = threading.Semaphore(0)
    gate: ClassVar[threading.Semaphore] = threading.Semaphore(0)
    checks: ClassVar[int] = 0

    def verify(self, password: str, encoded: str) -> bool:
        GateHasher.checks += 1
        GateHasher.entered.release()
        GateHasher.gate.acquire(timeout=30)
        return super().verify(password, encoded)


@pytest.fixture
def world(transactional_db: None) -> World:
    # The logins run in threads with their own database connections: the personas must be committed.
    return make_world()


def log_in(username: str, address: str) -> int:
    response = Client().post("/dang-nhap/", {"username": username, "password": PASSWORD}, REMOTE_ADDR=address)
    return response.status_code


def test_a_login_is_refused_with_429_while_both_slots_check_passwords(world, settings, monkeypatch) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.GateHasher"]
    GateHasher.checks = 0
    for user in (world.reporter_a, world.reporter_b, world.reviewer):
        user.password = make_password(PASSWORD)
        user.save(update_fields=["password"])
    monkeypatch.setattr(logins, "password_checks", logins.PasswordChecks(size=2, wait=0.05))
    results: queue.Queue[int] = queue.Queue()

    def slow_login(username: str, address: str) -> None:
        try:
            results.put(log_in(username, address))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=slow_login, args=("bc-a", "10.0.0.1")),
        threading.Thread(target=slow_login, args=("bc-b", "10.0.0.2")),
    ]
    for thread in threads:
        thread.start()
    try:
        assert GateHasher.entered.acquire(timeout=30) and GateHasher.entered.acquire(timeout=30)

        response = Client().post(
            "/dang-nhap/", {"username": "thamdinh", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
        )
        assert response.status_code == 429
        assert BUSY in response.content.decode()
        assert response["Retry-After"] == "5"
        assert GateHasher.checks == 2
    finally:
        # One at a time, so that the two logins' writes do not meet in SQLite.
        for _ in threads:
            GateHasher.gate.release()
            assert results.get(timeout=30) == 302
        for thread in threads:
            thread.join(timeout=30)

    GateHasher.gate.release()
    assert log_in("thamdinh", "10.0.0.3") == 302
