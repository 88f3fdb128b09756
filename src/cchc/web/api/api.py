"""The REST API (django-ninja) with OpenAPI at /api/docs and token authentication.

Authentication: `Authorization: Bearer <key>` (keys from POST /api/tokens or `org.tokens.issue_token`)
or the browser's session (unsafe methods then need the CSRF token). Errors are JSON
{"detail": "<Vietnamese sentence>", "problems": {"<row code>": "<Vietnamese sentence>"}} with statuses
400 (not JSON), 401 (no or bad credentials), 403 (visible but not allowed), 404 (missing or not visible),
409 (stale version or workflow step not allowed now), 422 (refused figures or malformed request).
"""

from __future__ import annotations

from ninja import NinjaAPI

from cchc.web.api.auth import AUTH
from cchc.web.api.docs import OfflineSwagger, docs_asset
from cchc.web.api.errors import install_handlers
from cchc.web.api.views import router

api = NinjaAPI(
    title="Giao diện lập trình (API) của cchc",
    version="1",
    description=(
        "Số liệu báo cáo cải cách hành chính (Biểu mẫu 1–7) của các đơn vị: đọc, ghi, gửi, duyệt, "
        "tổng hợp và kiểm tra. Xác thực bằng khóa API (Authorization: Bearer …) hoặc phiên đăng nhập."
    ),
    urls_namespace="api",
    auth=AUTH,
    docs=OfflineSwagger(),
)
install_handlers(api)
api.add_router("", router)
api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs-asset")(docs_asset)
