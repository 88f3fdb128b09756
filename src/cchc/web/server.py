"""Run the application under a production WSGI server (waitress), not Django's development server."""

from __future__ import annotations

import os


def setup() -> None:
    """Point Django at cchc's settings and initialise it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.web.settings")
    import django

    django.setup()


def serve(host: str, port: int, *, threads: int = 8) -> None:
    """Serve until interrupted."""
    setup()
    from waitress import serve as waitress_serve

    from cchc.web.wsgi import application

    waitress_serve(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="cchc",
        max_request_body_size=max_request_body_size(),
    )


# --- Request body limit (docs/web.md) -------------------------------------------------------------------


def max_request_body_size() -> int:
    """What waitress accepts: a little above the largest page limit, so the application answers in
    Vietnamese (cchc.web.security); waitress's own English 413 only comes above that."""
    from cchc.web.security import largest_body_limit

    return largest_body_limit() + 1024**2
