"""The gate: a request body refused from its request's headers, before waitress receives it.

waitress receives a whole request body (to a temporary file) before the application sees the request.
`GatedParser` asks `cchc.web.security.refusal_before_body` as soon as a request's headers are complete
and it declares a body. A refused request is answered at once (413, the login page, the API's 401): no
"100 Continue" is sent, the rest of the connection is dropped as it arrives and never stored, and the
connection is closed after the answer. `cchc serve` runs waitress with it (cchc.web.server).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpResponse
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer, create_server
from waitress.utilities import Error, RequestEntityTooLarge

from cchc.web.security import body_limit, refusal_before_body, too_large

logger = logging.getLogger("cchc.web.storage")


class Refusal(Error):  # type: ignore[misc]
    """An answer built by Django, sent by waitress's error task (which closes the connection after it)."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__("")
        self.response = response

    def to_response(self, ident: str | None = None) -> tuple[str, list[tuple[str, str]], bytes]:
        r = self.response
        return f"{r.status_code} {r.reason_phrase}", list(r.items()), r.content


class GatedParser(HTTPRequestParser):  # type: ignore[misc]
    """waitress's request parser that asks the gate once the headers are in."""

    def __init__(self, adj: Any, channel: GatedChannel) -> None:
        super().__init__(adj)
        self.channel = channel

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        if self.content_length > 0 or self.chunked:
            response = ask_gate(self)
            if response is not None:
                self.refuse(response)

    def refuse(self, response: HttpResponse) -> None:
        self.error = Refusal(response)
        # Complete without a body: waitress adds no error of its own and sends no 100 Continue.
        self.body_rcv, self.content_length, self.chunked, self.expect_continue = None, 0, False, False
        self.completed = True
        self.channel.refused = True

    def received(self, data: bytes) -> int:
        consumed: int = super().received(data)
        if isinstance(self.error, RequestEntityTooLarge):  # a chunked body past waitress's own limit
            self.refuse(too_large(body_limit(self.path)[1]))
        # After a refusal the rest of the data is the refused body: consumed here, parsed as nothing.
        return len(data) if self.channel.refused else consumed


class GatedChannel(HTTPChannel):  # type: ignore[misc]
    """A connection whose requests pass through the gate; once one is refused, it reads nothing more."""

    refused = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parser_class = partial(GatedParser, channel=self)

    def received(self, data: bytes) -> bool:
        if self.refused:
            return False  # the refused request's body, dropped as it arrives
        return bool(super().received(data))


def gated_server(application: Any, **settings: Any) -> Any:
    """waitress's server (one listening socket or several) whose connections pass through the gate."""
    server = create_server(application, **settings)
    listeners = [server] if isinstance(server, BaseWSGIServer) else list(server.map.values())
    for listener in listeners:
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = GatedChannel
    return server


def ask_gate(parser: GatedParser) -> HttpResponse | None:
    """refusal_before_body for the request `parser` has the headers of. None (receive the body) when the
    gate cannot answer (the database is down): the application's own checks then decide, after the body."""
    headers = parser.headers
    environ = {
        "REQUEST_METHOD": parser.command,
        "PATH_INFO": parser.path,
        "QUERY_STRING": parser.query,
        "HTTP_COOKIE": headers.get("COOKIE", ""),
        "HTTP_AUTHORIZATION": headers.get("AUTHORIZATION", ""),
    }
    if not parser.chunked:
        environ["CONTENT_LENGTH"] = str(parser.content_length)
    try:
        return refusal_before_body(environ)
    except DatabaseError as error:
        logger.warning("Không kiểm tra được phiên đăng nhập trước khi nhận dữ liệu: %s", error)
        connection.close()
    except Exception:  # the receiving thread serves every connection: never let one request stop it
        logger.exception("Lỗi khi kiểm tra yêu cầu trước khi nhận dữ liệu")
    return None
