"""Django's deployment checks, told in Vietnamese with the setting that fixes each, for `cchc serve`.

`cchc serve` refuses to start while any check fails, unless it is a local trial (`--thu-nghiem`,
CCHC_LOCAL_TRIAL=1). Checks that do not apply to cchc are silenced in settings.SILENCED_SYSTEM_CHECKS,
with the reasons in docs/decisions.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

# Each check id: what is wrong in plain words, and what to set.
EXPLAINED = {
    "security.W004": (
        "Trình duyệt chưa được dặn chỉ dùng HTTPS với trang này (HSTS).",
        "đặt CCHC_HTTPS=1 (thời hạn: CCHC_HSTS_SECONDS, mặc định một năm)",
    ),
    "security.W008": (
        "Địa chỉ http:// không được chuyển sang https://.",
        "đặt CCHC_HTTPS=1; nếu proxy đã tự chuyển thì thêm CCHC_SSL_REDIRECT=0",
    ),
    "security.W012": (
        "Cookie phiên đăng nhập có thể bị gửi qua http:// không mã hóa.",
        "đặt CCHC_HTTPS=1",
    ),
    "security.W016": (
        "Cookie chống giả mạo biểu mẫu (CSRF) có thể bị gửi qua http:// không mã hóa.",
        "đặt CCHC_HTTPS=1",
    ),
    "security.W018": (
        "Đang bật chế độ gỡ lỗi: người dùng sẽ thấy chi tiết lỗi và cấu hình của máy chủ.",
        "bỏ CCHC_DEBUG hoặc đặt CCHC_DEBUG=0",
    ),
    "security.W009": (
        "Khóa bí mật ngắn hoặc dễ đoán.",
        "đặt CCHC_SECRET_KEY dài ít nhất 50 ký tự ngẫu nhiên, hoặc bỏ trống để cchc tự tạo",
    ),
    "security.W020": (
        "Chưa khai báo tên máy chủ mà cchc trả lời.",
        "đặt CCHC_ALLOWED_HOSTS, ví dụ cchc.sonoivu.gov.vn",
    ),
    "cchc.W001": (
        "CCHC_HTTPS=1 nhưng cchc không biết yêu cầu nào đến qua HTTPS (waitress không tự mã hóa, proxy làm "
        "việc đó): mọi trang sẽ bị chuyển hướng mãi và biểu mẫu bị từ chối vì CSRF.",
        "đặt CCHC_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto và cho proxy đặt tiêu đề đó là https",
    ),
}


@checks.register(checks.Tags.security, deploy=True)
def https_needs_the_proxy_header(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """CCHC_HTTPS=1 without CCHC_SECURE_PROXY_SSL_HEADER: Django would think every request is plain http."""
    if settings.SECURE_SSL_REDIRECT and not settings.SECURE_PROXY_SSL_HEADER:
        return [
            checks.Warning(
                "SECURE_SSL_REDIRECT is on but SECURE_PROXY_SSL_HEADER is not set; behind a TLS proxy "
                "every request looks like plain http.",
                id="cchc.W001",
            )
        ]
    return []


def problems() -> list[str]:
    """One Vietnamese line per failing deployment check (Django must be set up)."""
    found = [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.level >= checks.WARNING and not message.is_silenced()
    ]
    lines = []
    for message in found:
        if message.id in EXPLAINED:
            what, fix = EXPLAINED[message.id]
            lines.append(f"{what} Sửa: {fix}. [{message.id}]")
        else:
            hint = f" ({message.hint})" if message.hint else ""
            lines.append(f"{message.msg}{hint} [{message.id}]")
    return lines


def refusal(lines: list[str]) -> str:
    """The message `cchc serve` prints when it refuses to start."""
    listed = "\n".join(f"  - {line}" for line in lines)
    return (
        "cchc không khởi động: cấu hình chưa đủ an toàn để chạy thật.\n"
        f"{listed}\n"
        "Các biến môi trường và cách đặt proxy HTTPS: docs/web.md. Chỉ chạy thử trên máy này: "
        "cchc serve --thu-nghiem (hoặc CCHC_LOCAL_TRIAL=1)."
    )
