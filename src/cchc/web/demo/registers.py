"""Demo registers of Thanh Hóa for 2023, consistent with the sample report of Quý I/2023.

The sample says: UBND tỉnh's 2023 CCHC plan (Quyết định 4750/QĐ-UBND, 30/12/2022) has 36 tasks, 8 of them for
Quý I, all 8 done (BM1 2.1 = 36, 2.2 = 8, 2 = 22,22 %); the Government and the Prime Minister assigned
44 tasks, 17 done on time, none late, none overdue (BM1 5.1–5.4 = 44, 17, 0, 0); 42 feedback items
were received, 39 handled (BM3 3.4.1 = 42, 3.4.2 = 39, 3.4 = 92,86 %). The Quý I plan tasks carry the
documents the sample cites as their evidence; every other item (titles, numbers, dates after the
cut-off) is made up to look like a year of work: what was open at the cut-off was done later in 2023,
some of it late, so that nothing of 2023 is still open today. The items of 2025 and 2026, in today's
structure, are `today`'s; they give the units their overdue and soon-due items.

The 36 tasks belong to UBND tỉnh's plan (owner) and are carried out by departments (responsible units);
BM1 2.1/2.2 reach the province as the province's own figures (the catalogue aggregates them as
"province"), so the departments' and districts' own plans, which they type, never inflate the 36.

The registers start with 2023: the 2022 quarters keep the figures the demo loader typed. The registers
are loaded before the Quý I/2023 forms are written, so those forms are written with the registers'
figures from the start (`register_figures`, same totals as the sample) and their cells then name the
register as their source (`mark_sources`): the audit has one record per cell, never rewritten; loading
twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cchc.core.numbers import Cell
from cchc.web.demo.figures import Figure, UnitFigures
from cchc.web.demo.today import today_assigned_tasks, today_feedback, today_plan_tasks
from cchc.web.org.models import OrgUnit
from cchc.web.registers.figures import all_figures, register_levels, row_codes
from cchc.web.registers.kinds import REGISTERS, Register
from cchc.web.registers.models import AssignedTask, Feedback, PlanTask, RegisterChange, RegisterKind
from cchc.web.registers.services import audit_records, shown
from cchc.web.reporting.models import Channel, ReportingPeriod, Value

D = dt.date

# (unit, title, due quarter, completed on, evidence number, evidence date); the 8 tasks of Quý I first.
PLAN: tuple[tuple[str, str, int, dt.date | None, str, dt.date | None], ...] = (
    (
        "van-phong-ubnd-tinh",
        "Ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2023",
        1,
        D(2022, 12, 26),
        "4657/QĐ-UBND",
        D(2022, 12, 26),
    ),
    (
        "so-noi-vu",
        "Ban hành Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh năm 2023",
        1,
        D(2023, 3, 2),
        "46/KH-UBND",
        D(2023, 3, 2),
    ),
    (
        "so-tu-phap",
        "Ban hành Kế hoạch rà soát văn bản quy phạm pháp luật năm 2023",
        1,
        D(2023, 2, 16),
        "27/KH-UBND",
        D(2023, 2, 16),
    ),
    (
        "so-tu-phap",
        "Ban hành Kế hoạch theo dõi tình hình thi hành pháp luật năm 2023",
        1,
        D(2023, 1, 30),
        "12/KH-UBND",
        D(2023, 1, 30),
    ),
    (
        "so-noi-vu",
        "Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2023",
        1,
        D(2023, 2, 10),
        "65/KH-SNV",
        D(2023, 2, 10),
    ),
    (
        "so-thong-tin-va-truyen-thong",
        "Triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử năm 2023",
        1,
        D(2023, 2, 13),
        "24/KH-UBND",
        D(2023, 2, 13),
    ),
    (
        "so-thong-tin-va-truyen-thong",
        "Ban hành danh mục cơ sở dữ liệu dùng chung của tỉnh",
        1,
        D(2023, 2, 27),
        "630/QĐ-UBND",
        D(2023, 2, 27),
    ),
    (
        "van-phong-ubnd-tinh",
        "Chỉ đạo thực hiện quy định về bỏ sổ hộ khẩu, sổ tạm trú giấy trong giải quyết thủ tục hành chính",
        1,
        D(2023, 3, 6),
        "2739/UBND-KSTTHCNC",
        D(2023, 3, 6),
    ),
    (
        "so-noi-vu",
        "Xây dựng Bộ tiêu chí xác định Chỉ số cải cách hành chính các sở, ngành, UBND cấp huyện",
        2,
        D(2023, 6, 9),
        "1968/QĐ-UBND",
        D(2023, 6, 9),
    ),
    (
        "so-noi-vu",
        "Tổ chức kiểm tra công tác cải cách hành chính tại 6 sở, ngành",
        3,
        D(2023, 9, 20),
        "512/BC-SNV",
        D(2023, 9, 20),
    ),
    (
        "so-noi-vu",
        "Tổ chức kiểm tra công tác cải cách hành chính tại 10 UBND cấp huyện",
        4,
        D(2023, 11, 24),
        "688/BC-SNV",
        D(2023, 11, 24),
    ),
    (
        "so-noi-vu",
        "Điều tra xã hội học xác định Chỉ số cải cách hành chính năm 2023",
        4,
        D(2023, 12, 12),
        "701/BC-SNV",
        D(2023, 12, 12),
    ),
    (
        "so-noi-vu",
        "Rà soát, sắp xếp tổ chức bên trong các cơ quan chuyên môn thuộc UBND tỉnh",
        2,
        D(2023, 6, 28),
        "2210/QĐ-UBND",
        D(2023, 6, 28),
    ),
    ("so-noi-vu", "Xây dựng Kế hoạch biên chế công chức giai đoạn 2024 - 2026", 3, None, "", None),
    (
        "so-noi-vu",
        "Tuyên truyền cải cách hành chính năm 2023",
        4,
        D(2023, 12, 8),
        "695/BC-SNV",
        D(2023, 12, 8),
    ),
    (
        "so-noi-vu",
        "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm 2023",
        4,
        D(2023, 12, 14),
        "712/BC-SNV",
        D(2023, 12, 14),
    ),
    ("so-tu-phap", "Kiểm tra, xử lý văn bản quy phạm pháp luật theo thẩm quyền năm 2023", 2, None, "", None),
    (
        "so-tu-phap",
        "Hệ thống hóa văn bản quy phạm pháp luật kỳ 2019 - 2023",
        4,
        D(2023, 12, 11),
        "389/BC-STP",
        D(2023, 12, 11),
    ),
    (
        "van-phong-ubnd-tinh",
        "Rà soát, đơn giản hóa thủ tục hành chính nội bộ năm 2023",
        3,
        D(2023, 9, 8),
        "3150/QĐ-UBND",
        D(2023, 9, 8),
    ),
    (
        "van-phong-ubnd-tinh",
        "Công bố danh mục thủ tục hành chính được tiếp nhận trực tuyến toàn trình",
        2,
        D(2023, 5, 30),
        "1799/QĐ-UBND",
        D(2023, 5, 30),
    ),
    (
        "van-phong-ubnd-tinh",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa các cấp",
        4,
        D(2023, 12, 5),
        "4470/BC-VP",
        D(2023, 12, 5),
    ),
    (
        "so-thong-tin-va-truyen-thong",
        "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
        3,
        D(2023, 10, 6),
        "215/BC-STTTT",
        D(2023, 10, 6),
    ),
    (
        "so-thong-tin-va-truyen-thong",
        "Triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
        4,
        None,
        "",
        None,
    ),
    (
        "so-thong-tin-va-truyen-thong",
        "Bảo đảm an toàn thông tin mạng cho các hệ thống dùng chung",
        2,
        D(2023, 6, 12),
        "140/BC-STTTT",
        D(2023, 6, 12),
    ),
    (
        "so-tai-chinh",
        "Giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập giai đoạn 2023 - 2025",
        2,
        D(2023, 6, 30),
        "2234/QĐ-UBND",
        D(2023, 6, 30),
    ),
    (
        "so-tai-chinh",
        "Công khai ngân sách nhà nước năm 2023 theo quy định",
        2,
        D(2023, 4, 14),
        "98/BC-STC",
        D(2023, 4, 14),
    ),
    (
        "so-ke-hoach-va-dau-tu",
        "Nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm 2023",
        4,
        D(2023, 12, 1),
        "302/BC-SKHĐT",
        D(2023, 12, 1),
    ),
    (
        "so-ke-hoach-va-dau-tu",
        "Cải thiện môi trường đầu tư, hỗ trợ doanh nghiệp khởi nghiệp",
        3,
        D(2023, 9, 14),
        "250/BC-SKHĐT",
        D(2023, 9, 14),
    ),
    (
        "so-tai-nguyen-va-moi-truong",
        "Cập nhật cơ sở dữ liệu đất đai cấp tỉnh",
        4,
        D(2023, 12, 13),
        "512/BC-STNMT",
        D(2023, 12, 13),
    ),
    (
        "so-giao-duc-va-dao-tao",
        "Triển khai tuyển sinh đầu cấp trực tuyến",
        3,
        D(2023, 8, 15),
        "1120/BC-SGDĐT",
        D(2023, 8, 15),
    ),
    ("so-y-te", "Triển khai hồ sơ sức khỏe điện tử", 4, D(2023, 12, 6), "845/BC-SYT", D(2023, 12, 6)),
    (
        "so-lao-dong-tbxh",
        "Chi trả trợ cấp xã hội không dùng tiền mặt",
        3,
        D(2023, 9, 11),
        "301/BC-SLĐTBXH",
        D(2023, 9, 11),
    ),
    (
        "so-cong-thuong",
        "Kiểm tra hoạt động thương mại điện tử trên địa bàn tỉnh",
        3,
        D(2023, 9, 29),
        "188/BC-SCT",
        D(2023, 9, 29),
    ),
    (
        "so-xay-dung",
        "Cấp giấy phép xây dựng trực tuyến toàn trình",
        2,
        D(2023, 6, 2),
        "120/BC-SXD",
        D(2023, 6, 2),
    ),
    (
        "so-nong-nghiep-va-ptnt",
        "Rà soát thủ tục hành chính lĩnh vực nông nghiệp",
        2,
        D(2023, 6, 13),
        "175/BC-SNN",
        D(2023, 6, 13),
    ),
    (
        "thanh-tra-tinh",
        "Thanh tra công vụ tại các cơ quan, đơn vị năm 2023",
        4,
        D(2023, 12, 7),
        "95/BC-TTr",
        D(2023, 12, 7),
    ),
)
# Plan tasks whose completion Sở Nội vụ has not confirmed yet (by position in PLAN).
UNCONFIRMED = frozenset({11, 15, 28})

# Assigned tasks: 17 done on time before the cut-off (14/03/2023), 27 not yet due then.
SOURCES = (
    ("cp", "01/NQ-CP", D(2023, 1, 6)),
    ("cp", "02/NQ-CP", D(2023, 1, 10)),
    ("ttg", "96/CĐ-TTg", D(2023, 2, 25)),
    ("ttg", "03/CT-TTg", D(2023, 2, 14)),
)
ASSIGNED_UNITS = (
    "so-ke-hoach-va-dau-tu",
    "so-tai-chinh",
    "so-noi-vu",
    "so-tu-phap",
    "van-phong-ubnd-tinh",
    "so-thong-tin-va-truyen-thong",
    "so-cong-thuong",
    "so-tai-nguyen-va-moi-truong",
    "so-xay-dung",
    "so-giao-thong-van-tai",
    "so-nong-nghiep-va-ptnt",
)
ASSIGNED_TOPICS = (
    "Cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh",
    "Đẩy mạnh giải ngân vốn đầu tư công",
    "Cắt giảm, đơn giản hóa quy định liên quan đến hoạt động kinh doanh",
    "Triển khai Đề án 06 về dữ liệu dân cư",
    "Tháo gỡ khó khăn cho thị trường bất động sản",
    "Bảo đảm cung ứng xăng dầu trên địa bàn",
    "Thúc đẩy chuyển đổi số trong giải quyết thủ tục hành chính",
    "Rà soát văn bản quy phạm pháp luật chồng chéo",
    "Kiện toàn tổ chức bộ máy theo quy định mới",
    "Bảo đảm an toàn giao thông dịp đầu năm",
    "Phòng, chống dịch bệnh trên cây trồng, vật nuôi",
)
# Tasks (by position) still open months after the cut-off, done late in 2023.
ASSIGNED_OPEN = frozenset({20, 29, 37})
ASSIGNED_LATE = frozenset({24, 33})

# (subject, procedure, the units that handle it, in turn): a procedure goes to the units that decide it.
FEEDBACK_TOPICS = (
    (
        "Phản ánh chậm trả kết quả cấp Giấy chứng nhận quyền sử dụng đất",
        "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        ("so-tai-nguyen-va-moi-truong", "tp-thanh-hoa", "huyen-hoang-hoa"),
    ),
    (
        "Kiến nghị giảm thành phần hồ sơ đăng ký hộ kinh doanh",
        "Đăng ký thành lập hộ kinh doanh",
        ("tp-sam-son", "huyen-quang-xuong", "huyen-tho-xuan"),
    ),
    (
        "Phản ánh yêu cầu nộp thêm giấy tờ ngoài quy định khi cấp phiếu lý lịch tư pháp",
        "Cấp Phiếu lý lịch tư pháp",
        ("so-tu-phap",),
    ),
    (
        "Kiến nghị cho phép nộp trực tuyến hồ sơ đổi giấy phép lái xe",
        "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
        ("so-giao-thong-van-tai",),
    ),
    (
        "Phản ánh thời gian giải quyết cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        ("huyen-nga-son", "tp-thanh-hoa", "huyen-hoang-hoa"),
    ),
    (
        "Kiến nghị hướng dẫn rõ hồ sơ hưởng trợ cấp thất nghiệp",
        "Giải quyết hưởng trợ cấp thất nghiệp",
        ("so-lao-dong-tbxh",),
    ),
    (
        "Phản ánh thái độ của công chức tại Bộ phận Một cửa",
        "Chứng thực bản sao từ bản chính",
        ("huyen-nga-son", "tp-sam-son", "huyen-quang-xuong"),
    ),
    (
        "Kiến nghị đơn giản hóa thủ tục chuyển trường cho học sinh",
        "Chuyển trường đối với học sinh trung học cơ sở",
        ("huyen-tho-xuan", "tp-thanh-hoa"),
    ),
)
# Feedback (by position) not handled by the cut-off: handled afterwards, or never (overdue today).
FEEDBACK_AFTER = {39: D(2023, 3, 20), 40: D(2023, 4, 5), 41: D(2023, 4, 24)}
FEEDBACK_LATE = frozenset({7, 23})
WINDOW_START, WINDOW_END = D(2022, 12, 15), D(2023, 3, 14)
PLAN_ISSUED = D(2022, 12, 30)  # Quyết định 4750/QĐ-UBND


def plan_tasks(units: Mapping[str, OrgUnit], reviewer: User) -> list[PlanTask]:
    """The 36 tasks of the 2023 plan."""
    tasks = []
    for index, (unit, title, quarter, planned_done, evidence, evidence_on) in enumerate(PLAN):
        done = planned_done
        if done is None:
            # Open at the sample's cut-off, done a little late in 2023: nothing of 2023 is overdue today.
            done = D(2023, quarter * 3, 20) + dt.timedelta(days=15)
            evidence, evidence_on = f"{400 + index}/BC-UBND", done
        confirmed = index not in UNCONFIRMED
        # Confirmed a few days after the completion, and never before the plan was issued.
        moment = (
            dt.datetime.combine(
                max(done + dt.timedelta(days=3), PLAN_ISSUED + dt.timedelta(days=6)), dt.time(9)
            )
            if confirmed and done
            else None
        )
        tasks.append(
            PlanTask(
                year=2023,
                number=str(index + 1),
                title=title,
                owner=units["ubnd-tinh"],
                unit=units[unit],
                due_quarter=quarter,
                completed_on=done,
                evidence_number=evidence,
                evidence_date=evidence_on,
                confirmed_at=timezone.make_aware(moment) if moment else None,
                confirmed_by=reviewer if confirmed else None,
            )
        )
    return tasks


def assigned_tasks(units: Mapping[str, OrgUnit]) -> list[AssignedTask]:
    """The 44 tasks assigned between 15/12/2022 and 14/03/2023."""
    tasks = []
    for index in range(44):
        issuer, number, issued = SOURCES[index % len(SOURCES)]
        unit = units[ASSIGNED_UNITS[index % len(ASSIGNED_UNITS)]]
        # Each unit gets different topics: the topic moves on by one at every round of the units.
        topic = ASSIGNED_TOPICS[(index + index // len(ASSIGNED_UNITS)) % len(ASSIGNED_TOPICS)]
        if index < 17:
            # Done on time before the cut-off.
            deadline: dt.date | None = issued + dt.timedelta(days=30 + index)
            done: dt.date | None = min(issued + dt.timedelta(days=10 + index), WINDOW_END)
        else:
            due = D(2023, 4 + index % 9, 15 if index % 2 else 28)
            deadline, done = due, due - dt.timedelta(days=index % 7)
            if index in ASSIGNED_LATE:
                done = due + dt.timedelta(days=12)
            if index in ASSIGNED_OPEN:
                done = due + dt.timedelta(days=20)  # open long after the cut-off, done late in 2023
        if index == 17:
            deadline = None  # a standing task (thường xuyên)
            done = None
        tasks.append(
            AssignedTask(
                issuer=issuer,
                source_number=number,
                assigned_on=issued,
                title=f"{topic} (nhiệm vụ {index + 1})",
                unit=unit,
                deadline=deadline,
                completed_on=done,
                evidence_number=f"{150 + index}/BC-UBND" if done else "",
                evidence_date=done,
            )
        )
    return tasks


def feedback(units: Mapping[str, OrgUnit]) -> list[Feedback]:
    """The 42 feedback items received between 15/12/2022 and 14/03/2023, 39 handled by then."""
    items = []
    span = (WINDOW_END - WINDOW_START).days
    for index in range(42):
        received = WINDOW_START + dt.timedelta(days=index * span // 42)
        due = received + dt.timedelta(days=14)
        handled: dt.date | None = min(received + dt.timedelta(days=3 + index % 8), WINDOW_END)
        if index in FEEDBACK_LATE:
            handled = due + dt.timedelta(days=4)
        if index in FEEDBACK_AFTER:
            handled = FEEDBACK_AFTER[index]
        topic = 4 if index == 41 else index % len(FEEDBACK_TOPICS)  # the last one: Nga Sơn, still open
        subject, procedure, handlers = FEEDBACK_TOPICS[topic]
        unit = (
            units["huyen-nga-son"]
            if index == 41
            else units[handlers[index // len(FEEDBACK_TOPICS) % len(handlers)]]
        )
        items.append(
            Feedback(
                received_on=received,
                via=Feedback.Via.SYSTEM if index % 5 else Feedback.Via.PORTAL,
                subject=subject,
                procedure=procedure,
                unit=unit,
                due_on=due,
                handled_on=handled,
                result="Đã trả lời tổ chức, cá nhân; hướng dẫn hoàn thiện hồ sơ." if handled else "",
            )
        )
    return items


def _entered(item: Any) -> dt.datetime:
    """When the demo says an item was entered: the plan's date, the assignment's, the receipt's."""
    if isinstance(item, PlanTask):
        day = PLAN_ISSUED.replace(
            year=item.year - 1
        )  # each year's plan is issued at the end of the one before
    elif isinstance(item, AssignedTask):
        day = item.assigned_on + dt.timedelta(days=1)
    else:
        day = item.received_on
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _audits(register: Register, items: list[Any], user: User) -> list[RegisterChange]:
    """One creation record per field of each item, dated when the item was entered."""
    records = []
    for item in items:
        changes = [(n, "", shown(getattr(item, n))) for n in register.fields if shown(getattr(item, n))]
        made = audit_records(
            register, item, "create", changes, user=user, channel=Channel.DEMO, request_id=""
        )
        for record in made:
            record.at = _entered(item)
        records += made
    return records


def register_figures(period: ReportingPeriod, figures: Mapping[str, Mapping[str, Figure]]) -> UnitFigures:
    """The demo's typed figures of the period with the registers' rows replaced by the registers' figures.

    A unit the register fills gets its counts; another unit that enters the rows gets 0 (the demo's
    other units had no feedback), except the plan rows, which a unit keeping its own plan outside the
    register types itself (none in the demo). The totals stay the sample's.
    """
    result = {code: dict(cells) for code, cells in figures.items()}
    for register in REGISTERS.values():
        levels = register_levels(register, period)
        counted = {
            OrgUnit.objects.get(pk=pk).code: by_code for pk, by_code in all_figures(register, period).items()
        }
        for unit in OrgUnit.objects.active_on(period.window_end).filter(level__in=levels):
            cells = result.setdefault(unit.code, {})
            for code in row_codes(register, period):
                if unit.code in counted:
                    cells[code] = Figure(Cell.of(Decimal(counted[unit.code][code])))
                elif register.kind == RegisterKind.PLAN:
                    cells.pop(code, None)
                else:
                    cells[code] = Figure(Cell.of(Decimal(0)))
    return result


def mark_sources(period: ReportingPeriod) -> None:
    """Name the register as the source of the stored figures it gave (the cells become read-only)."""
    for register in REGISTERS.values():
        Value.objects.filter(
            submission__period=period,
            submission__unit_id__in=list(all_figures(register, period)),
            code__in=row_codes(register, period),
        ).update(source=register.source)


@transaction.atomic
def load_register_items() -> None:
    """Load the demo registers with their audit; nothing happens when they exist."""
    if PlanTask.objects.exists() or AssignedTask.objects.exists() or Feedback.objects.exists():
        return
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    reviewer = User.objects.get(username="thamdinh")
    # 2023 (the sample's) and 2025–2026 (today's structure, `today`).
    made: dict[str, list[Any]] = {
        RegisterKind.PLAN: PlanTask.objects.bulk_create(
            plan_tasks(units, reviewer) + today_plan_tasks(units, reviewer)
        ),
        RegisterKind.ASSIGNED: AssignedTask.objects.bulk_create(
            assigned_tasks(units) + today_assigned_tasks(units)
        ),
        RegisterKind.FEEDBACK: Feedback.objects.bulk_create(feedback(units) + today_feedback(units)),
    }
    records: list[RegisterChange] = []
    for kind, items in made.items():
        records += _audits(REGISTERS[kind], items, reviewer)
    moments = [record.at for record in records]
    created = RegisterChange.objects.bulk_create(records, batch_size=1000)
    # auto_now_add overwrites the moment given at creation; bulk_update writes it back.
    for record, moment in zip(created, moments, strict=True):
        record.at = moment
    RegisterChange.objects.bulk_update(created, ["at"], batch_size=1000)
