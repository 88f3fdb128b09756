"""The strings Django's own Vietnamese catalogue leaves in English (the admin's theme toggle, its table
headers, the pickers' scripts) come from cchc's catalogue (src/cchc/web/locale)."""

from __future__ import annotations

import re


def visible_and_hidden_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_admin_index_has_no_english_toggle_or_table_headers(world) -> None:
    page = visible_and_hidden_text(world.client(world.admin).get("/quan-tri/").content.decode())
    assert "Đổi giao diện sáng/tối (hiện tại: tự động)" in page
    assert "Chuyển đến nội dung chính" in page
    assert "Loại dữ liệu" in page and "Liên kết thêm mới" in page
    for english in ("Toggle theme", "Skip to main content", "Model name", "Add link", "Change or view"):
        assert english not in page


def test_the_user_add_page_and_the_pickers_scripts_are_vietnamese(world) -> None:
    client = world.client(world.admin)
    page = visible_and_hidden_text(client.get("/quan-tri/auth/user/add/").content.decode())
    assert "Sau khi tạo tài khoản, bạn sửa được thêm các thông tin khác của tài khoản." in page
    catalogue = client.get("/quan-tri/jsi18n/").content.decode()
    assert '"Choose all %s": "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s"' in catalogue  # «Chọn tất cả %s»
