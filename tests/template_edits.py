"""Test helper: the shipped Word template with some of its parts changed, saved as Word would save it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping

from cchc.documents.writer.template import TEMPLATE_PATH


def shipped_template_with(changes: Mapping[str, Callable[[str], str]]) -> bytes:
    """The shipped template with each named part (path → transform of its text) changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE_PATH) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename in changes:
                data = changes[item.filename](data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()
