"""Province-wide pages: the aggregate by form and level, all findings of a period, the dashboard."""

from __future__ import annotations

import gzip
import os
import threading
from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cchc import charts
from cchc.core.catalogue import Severity
from cchc.web.dashboard import figures, kept, tables
from cchc.web.dashboard.findings import SEVERITIES, SEVERITY_LABELS, findings_listing
from cchc.web.org.access import sees_province
from cchc.web.registers.links import province_links
from cchc.web.reporting.models import ReportingPeriod

APPROVED_PARAM = "da-duyet"
# The bundle's URL carries the library version, so a browser may keep it for a year.
BUNDLE_MAX_AGE = 365 * 24 * 3600


def province_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required, then only users who see the whole province (reviewer, viewer, administrator)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sees_province(request.user):
            raise PermissionDenied("Chỉ Sở Nội vụ, người xem và quản trị được xem số liệu toàn tỉnh.")
        return view(request, *args, **kwargs)

    return wrapper


def _period(code: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, code=code.upper())


def _approved_only(request: HttpRequest) -> bool:
    return request.GET.get(APPROVED_PARAM) == "1"


@province_page
@require_GET
def aggregate(request: HttpRequest, period: str) -> HttpResponse:
    """The province's 7 forms for the period, each row split by level, optionally approved forms only."""
    reporting_period = _period(period)
    approved_only = _approved_only(request)
    laid_out = tables.province_tables(reporting_period, approved_only=approved_only)
    return render(
        request,
        "dashboard/aggregate.html",
        {
            "period": reporting_period,
            "tables": laid_out,
            "approved_only": approved_only,
            "level_labels": tables.LEVEL_LABELS,
            # The register lists behind the figures the registers fill (row code → URL).
            "register_links": province_links(reporting_period),
            "query": f"?{APPROVED_PARAM}=1" if approved_only else "",
        },
    )


@province_page
@require_GET
def aggregate_row(request: HttpRequest, period: str, code: str) -> HttpResponse:
    """One row of the province's forms, unit by unit, with the province's total."""
    reporting_period = _period(period)
    approved_only = _approved_only(request)
    breakdown = tables.row_breakdown(reporting_period, code, approved_only=approved_only)
    if breakdown is None:
        raise Http404(f"Không có chỉ tiêu «{code}» trong biểu mẫu của kỳ này.")
    return render(
        request,
        "dashboard/aggregate_row.html",
        {
            "period": reporting_period,
            "breakdown": breakdown,
            "approved_only": approved_only,
            "query": f"?{APPROVED_PARAM}=1" if approved_only else "",
        },
    )


def _severity(raw: str) -> Severity | None:
    try:
        return Severity(raw)
    except ValueError:
        return None


def _form(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 99 else None


@province_page
@require_GET
def findings(request: HttpRequest, period: str) -> HttpResponse:
    """Every finding of the period, by severity then form, filtered by ?muc-do= and ?bieu=."""
    reporting_period = _period(period)
    severity = _severity(request.GET.get("muc-do", ""))
    form = _form(request.GET.get("bieu", ""))
    listing = findings_listing(reporting_period, severity=severity, form=form)
    return render(
        request,
        "dashboard/findings.html",
        {
            "period": reporting_period,
            "listing": listing,
            "severity": severity.value if severity else "",
            "form": form,
            "severity_counts": [
                (level.value, SEVERITY_LABELS[level], listing.counts[level]) for level in SEVERITIES
            ],
        },
    )


def _dashboard_period(request: HttpRequest) -> ReportingPeriod | None:
    code = request.GET.get("ky", "").strip()
    return _period(code) if code else figures.newest_period()


@province_page
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Key figures and charts of a period (?ky=2023Q1; the newest period by default)."""
    reporting_period = _dashboard_period(request)
    board = kept.dashboard(reporting_period) if reporting_period else None
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "period": reporting_period,
            "periods": figures.periods_newest_first(),
            "board": board,
            "charts": figures.dashboard_charts(board) if board else [],
            "bundle_version": bundle_version(),
        },
    )


@province_page
@require_GET
def chart_svg(request: HttpRequest, name: str) -> HttpResponse:
    """One dashboard chart as SVG (for documents), for the period in ?ky= or the newest."""
    reporting_period = _dashboard_period(request)
    if reporting_period is None or name not in figures.CHART_NAMES:
        raise Http404("Không có biểu đồ này.")
    board = kept.dashboard(reporting_period)
    chart = next(c for c in figures.dashboard_charts(board) if c.name == name)
    response = HttpResponse(charts.to_svg(chart.spec), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}-{reporting_period.code}.svg"'
    return response


@cache
def bundle_version() -> str:
    """The version of vl-convert, whose bundle we serve (cache-busting query string)."""
    import vl_convert

    return str(getattr(vl_convert, "__version__", "1"))


_bundle_lock = threading.Lock()


@cache
def _bundle() -> tuple[bytes, bytes]:
    """vega, vega-lite and vega-embed in one script, plain and gzipped.

    vl-convert assembles the script in seconds, so it is kept in CCHC_DATA_DIR, once per version, and
    read from there by every later process (`prepare_chart_library` does so when the server starts)."""
    with _bundle_lock:
        folder = Path(settings.DATA_DIR)
        plain_file = folder / f"vega-{bundle_version()}.js"
        packed_file = plain_file.with_suffix(".js.gz")
        try:
            return plain_file.read_bytes(), packed_file.read_bytes()
        except OSError:
            pass
        import vl_convert

        # The stub omits the snippet's default (None: the bundle assigns vegaEmbed, vegaLite and vega).
        body = vl_convert.javascript_bundle().encode("utf-8")  # type: ignore[call-arg]
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            for target, content in ((plain_file, body), (packed_file, packed)):
                partial = target.with_name(f".{target.name}.{os.getpid()}")
                partial.write_bytes(content)
                partial.replace(target)
        except OSError:
            pass  # a read-only data folder: the process keeps its own copy
        return body, packed


def prepare_chart_library() -> None:
    """Have the chart library ready before the first dashboard is asked for: read or built in the
    background while the server starts (a request for it meanwhile waits for the same work)."""
    threading.Thread(target=_bundle, name="chart-library", daemon=True).start()


@require_GET
def vega_bundle(request: HttpRequest) -> HttpResponse:
    """The chart library for the browser, served by the application itself: no CDN, works offline."""
    plain, packed = _bundle()
    zipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(packed if zipped else plain, content_type="text/javascript; charset=utf-8")
    if zipped:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = f"public, max-age={BUNDLE_MAX_AGE}, immutable"
    return response
