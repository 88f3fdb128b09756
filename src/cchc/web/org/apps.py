from django.apps import AppConfig


class OrgConfig(AppConfig):
    """Organisation tree, unit assignments and access."""

    name = "cchc.web.org"
    label = "org"
    verbose_name = "Tổ chức và phân quyền"
