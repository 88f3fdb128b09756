"""Run the application under a production WSGI server (waitress), not Django's development server."""

from __future__ import annotations

import os


def setup() -> None:
    """Point Django at cchc's settings and initialise it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.web.settings")
    import django

    django.setup()
    # --- start-up clean-up: scratch folders (imports, reports, templates) a killed server left behind ---
    from cchc.scratch import remove_stale_scratch

    remove_stale_scratch()
    # --- end start-up clean-up ---


def migrate(verbosity: int = 1) -> None:
    """Initialise Django and bring the database up to date (every command that touches it starts here)."""
    setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def serve(host: str, port: int, *, threads: int = 8) -> None:
    """Serve until interrupted."""
    setup()
    from waitress import serve as waitress_serve

    from cchc.web.dashboard.kept import prepare_dashboard, refresh_after_changes
    from cchc.web.dashboard.views import prepare_chart_library
    from cchc.web.gate import gated_server
    from cchc.web.reports.unit_reports import read_again_after_changes
    from cchc.web.wsgi import application

    prepare_chart_library()
    prepare_dashboard()
    refresh_after_changes()
    read_again_after_changes()

    waitress_serve(
        application,
        _server=gated_server,
        host=host,
        port=port,
        threads=threads,
        ident="cchc",
        max_request_body_size=max_request_body_size(),
        **proxy_adjustments(),
    )


# --- Request body limit (docs/web.md) -------------------------------------------------------------------


def max_request_body_size() -> int:
    """What waitress accepts: a little above the largest page limit, so the application answers in
    Vietnamese (cchc.web.security); above it, the gate (cchc.web.gate) still answers in Vietnamese."""
    from cchc.web.security import largest_body_limit

    return largest_body_limit() + 1024**2


def proxy_adjustments() -> dict[str, object]:
    """waitress drops every X-Forwarded-* header by default; keep them when Django was told to read one
    (CCHC_SECURE_PROXY_SSL_HEADER, CCHC_USE_X_FORWARDED_HOST), or it never learns a request came over
    https, and when login throttling is told which proxies name the client (CCHC_TRUSTED_PROXIES).
    Django reads only the headers its settings name; cchc reads X-Forwarded-For only from those proxies."""
    from django.conf import settings

    if settings.SECURE_PROXY_SSL_HEADER or settings.USE_X_FORWARDED_HOST or settings.CCHC_TRUSTED_PROXIES:
        return {"clear_untrusted_proxy_headers": False}
    return {}
