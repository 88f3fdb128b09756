from django.apps import AppConfig


class DossiersConfig(AppConfig):
    """Dossier figures: one-stop dossier files imported per period, their figures, their drill-downs."""

    name = "cchc.web.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ TTHC"

    def ready(self) -> None:
        from cchc.web.dossiers.links import figure_link
        from cchc.web.org.access import runs_province
        from cchc.web.reporting.hooks import register_link

        register_link(
            "dossiers",
            figure_link,
            corrector="Sở Nội vụ (chuyên viên thẩm định) sửa bằng cách nhập lại tệp hồ sơ TTHC của kỳ",
            fix="Nhập lại tệp hồ sơ TTHC của kỳ",
            corrects=lambda user, unit: runs_province(user),
        )
