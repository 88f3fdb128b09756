"""Run the application under a production WSGI server (waitress), not Django's development server."""

from __future__ import annotations

import os


def setup() -> None:
    """Point Django at cchc's settings and initialise it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.web.settings")
    import django

    django.setup()
    # --- start-up clean-up: DuckDB spill folders of dossier imports a killed server left behind ---
    from cchc.dossiers.importer import remove_stale_scratch

    remove_stale_scratch()
    # --- end start-up clean-up ---


def serve(host: str, port: int, *, threads: int = 8) -> None:
    """Serve until interrupted."""
    setup()
    from waitress import serve as waitress_serve

    from cchc.web.wsgi import application

    waitress_serve(application, host=host, port=port, threads=threads, ident="cchc")
