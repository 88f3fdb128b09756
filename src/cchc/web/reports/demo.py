"""The demo's report texts for Quý I/2023 (the qualitative paragraphs of the bundled sample report) and the
units' own reports for the open period.

The texts hold no figure (the figures are the forms'), so the demo report has the sample's structure and
still states only numbers that come from the appendix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Mapping
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

from cchc.checker import unit_report_job
from cchc.core.aggregation import with_computed
from cchc.core.numbers import Cell
from cchc.documents.writer.docx import write_docx
from cchc.web.org.models import OrgUnit
from cchc.web.reporting.models import ReportingPeriod
from cchc.web.reporting.services import catalogue_for
from cchc.web.reports.models import ReportText, UnitEvidence, UnitReport
from cchc.web.reports.services import report_data
from cchc.web.reports.unit_reports import entered, keep_report, receive_evidence

DEMO_PERIOD = "2023Q1"

DEMO_TEXTS: dict[str, str] = {
    "chi_dao": (
        "UBND tỉnh, Chủ tịch UBND tỉnh tập trung chỉ đạo quyết liệt, đồng bộ các nhiệm vụ cải cách hành "
        "chính (CCHC) năm 2023. Trọng tâm là:\n"
        "- Ban hành các kế hoạch và văn bản chỉ đạo, triển khai thực hiện nhiệm vụ CCHC như: Kế hoạch CCHC, "
        "Kế hoạch Kiểm soát TTHC, Kế hoạch Chuyển đổi số năm 2023 trên địa bàn tỉnh Thanh Hóa, Kế hoạch "
        "đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh năm 2023.\n"
        "- Tập trung chỉ đạo đẩy mạnh cải cách thủ tục hành chính (TTHC), thực hiện TTHC trên môi trường "
        "điện tử; đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết TTHC.\n"
        "Các cấp, các ngành căn cứ chỉ đạo của UBND tỉnh, Chủ tịch UBND tỉnh chủ động ban hành kế hoạch "
        "triển khai thực hiện các nhiệm vụ CCHC tại các cơ quan, đơn vị, địa phương."
    ),
    "kiem_tra": (
        "Thực hiện Kế hoạch cải cách hành chính năm 2023, UBND tỉnh Thanh Hóa đã giao Sở Nội vụ ban hành "
        "kế hoạch kiểm tra CCHC và kiểm tra việc thực hiện kỷ luật, kỷ cương trong các cơ quan hành chính "
        "nhà nước trên địa bàn tỉnh Thanh Hóa năm 2023; việc kiểm tra được thực hiện từ quý II."
    ),
    "tuyen_truyen": (
        "Công tác thông tin, tuyên truyền CCHC được các cấp, các ngành quan tâm triển khai thực hiện, nhiều "
        "đơn vị, địa phương thực hiện lồng ghép tuyên truyền CCHC gắn với tuyên truyền phổ biến, giáo dục "
        "pháp luật.\n"
        "Đài Phát thanh và Truyền hình Thanh Hóa, Báo Thanh Hóa, Đài Truyền thanh cấp huyện thường xuyên "
        "viết bài và đưa nhiều tin, bài về CCHC; Trang thông tin điện tử cải cách hành chính của tỉnh "
        "thường xuyên đăng tải tin bài về CCHC."
    ),
    "ke_hoach": "Các nhiệm vụ theo Kế hoạch CCHC năm 2023 được triển khai đúng tiến độ đề ra.",
    "the_che": (
        "Công tác rà soát, kiểm tra văn bản QPPL theo thẩm quyền, công tác theo dõi tình hình thi hành pháp "
        "luật; phổ biến giáo dục pháp luật được chú trọng thực hiện."
    ),
    "kiem_soat_tthc": (
        "UBND tỉnh, Chủ tịch UBND tỉnh tiếp tục chỉ đạo các ngành, các cấp rà soát, kiến nghị đơn giản tối "
        "đa về hồ sơ, trình tự, thủ tục, thời gian giải quyết TTHC thuộc thẩm quyền quản lý; niêm yết công "
        "khai và thực hiện giải quyết TTHC cho tổ chức, người dân."
    ),
    "mot_cua": (
        "Các sở, ngành, UBND cấp huyện tiếp tục triển khai thực hiện việc đánh giá chất lượng giải quyết "
        "TTHC, thực hiện số hóa hồ sơ, kết quả giải quyết TTHC."
    ),
    "bo_may": (
        "Triển khai thực hiện Đề án sắp xếp, tổ chức bên trong của các cơ quan chuyên môn thuộc UBND tỉnh; "
        "tiếp tục triển khai Đề án sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập thuộc tỉnh quản lý "
        "giai đoạn 2021 - 2025."
    ),
    "cong_vu": (
        "Tổ chức triển khai thực hiện Kế hoạch đào tạo, bồi dưỡng công chức, viên chức năm 2023; chấp thuận "
        "kế hoạch tuyển dụng viên chức tại các đơn vị sự nghiệp công lập trên địa bàn tỉnh."
    ),
    "tai_chinh": (
        "UBND tỉnh, Chủ tịch UBND tỉnh tiếp tục chỉ đạo các cơ quan, đơn vị thực hiện quyền tự chủ, tự chịu "
        "trách nhiệm theo quy định; phát huy vai trò, trách nhiệm của người đứng đầu cơ quan, đơn vị trong "
        "việc khai thác các nguồn lực, tiết kiệm chi thường xuyên."
    ),
    "chinh_quyen_so": (
        "Các sở, ngành tiếp tục triển khai thực hiện việc xây dựng Chính quyền điện tử, Chính quyền số theo "
        "Kiến trúc Chính quyền điện tử tỉnh Thanh Hóa đã được phê duyệt; thực hiện tốt việc sử dụng văn bản "
        "điện tử; phát huy hiệu quả hệ thống truyền hình trực tuyến của tỉnh."
    ),
    "nhiem_vu": (
        "1. Tập trung xây dựng, ban hành thể chế trong một số lĩnh vực: chính sách khuyến khích chuyển đổi "
        "số, phát triển nền kinh tế số, xã hội số trên địa bàn tỉnh.\n"
        "2. Tiếp tục rà soát, cắt giảm, đơn giản hóa thủ tục hành chính nội bộ; bảo đảm duy trì tỷ lệ giải "
        "quyết TTHC đúng hạn cao; hồ sơ TTHC đủ điều kiện được giải quyết trực tuyến toàn trình.\n"
        "3. Quản lý chặt chẽ biên chế công chức trong các cơ quan hành chính nhà nước, số lượng người làm "
        "việc trong đơn vị sự nghiệp công lập; siết chặt kỷ luật, kỷ cương hành chính.\n"
        "4. Tiếp tục thực hiện giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập.\n"
        "5. Tiếp tục đẩy nhanh tiến trình chuyển đổi số trên cả ba trụ cột chính quyền số, kinh tế số và xã "
        "hội số."
    ),
}


def load_report_texts(period: ReportingPeriod) -> None:
    """Give the demo's latest period the sample's texts and signer, unless the province wrote its own."""
    if period.code != DEMO_PERIOD:
        return
    ReportText.objects.get_or_create(
        period=period,
        defaults={
            "texts": DEMO_TEXTS,
            "place": "Thanh Hóa",
            "signer_mode": "TM-KT",
            "signer_title": "PHÓ CHỦ TỊCH",
            "signer_name": "Nguyễn Văn Thi",
        },
    )


# The units that sent their own report for the open period, and when (days before the demo's today).
UNIT_REPORTS: Mapping[str, int] = {
    "so-tai-chinh-2025": 6,
    "so-xay-dung-2025": 3,
    "phuong-hac-thanh": 2,
    "phuong-quang-phu": 5,
    "phuong-dong-son": 1,
}
# These wrote their report from figures they corrected in the forms afterwards: on-time dossiers
# (row → how many fewer the report says), so the check finds the narrative and appendix contradicting them.
EVIDENCE_TOPICS = (
    "Kế hoạch cải cách hành chính năm",
    "Kế hoạch kiểm soát thủ tục hành chính năm",
    "Kế hoạch tuyên truyền cải cách hành chính năm",
    "Báo cáo tự đánh giá, chấm điểm Chỉ số cải cách hành chính",
)
CONTRADICTIONS: Mapping[str, tuple[str, int]] = {
    "so-xay-dung-2025": ("BM3-3.1.2", 15),
    "phuong-quang-phu": ("BM3-3.3.2", 9),
}


def unit_report_file(period: ReportingPeriod, unit: OrgUnit) -> bytes:
    """The unit's own report as cchc writes it from its figures (with the demo's contradiction, if any)."""
    data = report_data(period, unit)
    if unit.code in CONTRADICTIONS:
        code, fewer = CONTRADICTIONS[unit.code]
        number = data.cells[code].number
        assert number is not None and number > fewer, (unit.code, code)
        typed = {key: cell for key, cell in data.cells.items() if data.catalogue.rows[key].formula is None}
        typed[code] = Cell.of(number - Decimal(fewer))
        data = dataclasses.replace(data, cells=with_computed(data.catalogue, typed))
    out = io.BytesIO()
    write_docx(data, out, charts=False)
    return out.getvalue()


def load_unit_reports(period: ReportingPeriod, today: dt.date, senders: Mapping[str, object]) -> None:
    """The units' own reports for the open period, checked by the job the worker runs on an upload (run
    here in the loader: the files are cchc's own) and kept as an upload is; nothing when there are some."""
    if UnitReport.objects.filter(period=period).exists():
        return
    units = OrgUnit.objects.filter(code__in=UNIT_REPORTS).order_by("order")
    moments = {}
    for unit in units:
        data = unit_report_file(period, unit)
        figures = entered(unit, period)
        found = unit_report_job(data, catalogue_for(period).id, figures, unit.level)
        name = f"Báo cáo CCHC năm {period.period.year} - {unit.name}.docx"
        sender = senders.get(unit.code)
        report = keep_report(unit, period, sender, name, data, found, figures)
        evidence = receive_evidence(
            unit,
            period,
            sender,
            f"Danh mục văn bản chỉ đạo CCHC năm {period.period.year}.xlsx",
            evidence_file(period, unit),
        )
        day = today - dt.timedelta(days=UNIT_REPORTS[unit.code])
        moments[report.pk] = moment = timezone.make_aware(dt.datetime.combine(day, dt.time(15, 20)))
        UnitEvidence.objects.filter(pk=evidence.pk).update(uploaded_at=moment + dt.timedelta(minutes=2))
    for pk, moment in moments.items():
        UnitReport.objects.filter(pk=pk).update(uploaded_at=moment)


def evidence_file(period: ReportingPeriod, unit: OrgUnit) -> bytes:
    """The list of the unit's CCHC documents of the year (an Excel sheet), the evidence it sends."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Văn bản")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, ["STT", "Số, ký hiệu", "Ngày ban hành", "Trích yếu"], bold)
    year = period.period.year
    for index, topic in enumerate(EVIDENCE_TOPICS, 1):
        day = dt.date(year, 1 + 3 * (index - 1), 10 + index)
        sheet.write_row(
            index, 0, [index, f"{index * 7}/KH-{unit.code.upper()[:6]}", f"{day:%d/%m/%Y}", topic]
        )
    sheet.set_column(3, 3, 70)
    book.close()
    return out.getvalue()
