"""Vietnamese numerals and report cells: parse "242.037" and "96,60", keep "-", blank and 0 apart.

A Vietnamese document writes thousands with "." and decimals with ",". Provinces also type the English
way by mistake ("92.86" in a comma-decimal document); such a value is read the way the writer evidently
meant it and the reading is reported as a notice, never silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum

__all__ = [
    "MAX_DECIMALS",
    "MAX_DIGITS",
    "Cell",
    "CellKind",
    "NumberFormatError",
    "NumberNotice",
    "decimals_of",
    "format_number",
    "parse_cell",
    "parse_number",
    "round_half_up",
    "storage_problem",
]

DASHES = frozenset({"-", "–", "—", "−"})

_VI_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_VI_PLAIN = re.compile(r"\d+(?:,\d+)?")
_DOT_DECIMAL = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})")
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_EN_DECIMAL = re.compile(r"\d{1,3}(?:,\d{3})+\.\d+")


class CellKind(StrEnum):
    """What a cell holds: a number, "-" (not done / not applicable), blank (not reported) or text."""

    NUMBER = "number"
    DASH = "dash"
    BLANK = "blank"
    TEXT = "text"


@dataclass(frozen=True)
class Cell:
    """One value of a form ("số liệu"); `number` is set only for NUMBER cells, `text` keeps what was typed."""

    kind: CellKind
    number: Decimal | None = None
    text: str = ""

    @classmethod
    def of(cls, value: Decimal | int) -> Cell:
        """A number cell."""
        number = Decimal(value)
        return cls(CellKind.NUMBER, number, format_number(number))

    @property
    def is_number(self) -> bool:
        """Whether the cell holds a number (0 included)."""
        return self.kind is CellKind.NUMBER


BLANK = Cell(CellKind.BLANK)
DASH = Cell(CellKind.DASH, text="-")


@dataclass(frozen=True)
class NumberNotice:
    """A number that was read but written in a non-standard way; `message` is Vietnamese."""

    code: str
    message: str


class NumberFormatError(ValueError):
    """Text that is not a number; the message is Vietnamese and quotes the text."""


def parse_number(text: str) -> tuple[Decimal, tuple[NumberNotice, ...]]:
    """Read a Vietnamese numeral; return its value and any notices about how it was written."""
    raw = text
    body = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    sign = ""
    if body[:1] in {"-", "−", "+"}:
        sign, body = ("-" if body[0] != "+" else ""), body[1:]
    if _VI_GROUPED.fullmatch(body):
        return Decimal(sign + body.replace(".", "").replace(",", ".")), ()
    if _VI_PLAIN.fullmatch(body):
        value = Decimal(sign + body.replace(",", "."))
        integer_digits = len(body.split(",")[0])
        if integer_digits >= 4:
            return value, (
                NumberNotice(
                    "missing-grouping",
                    f"«{raw.strip()}» thiếu dấu chấm phân cách hàng nghìn "
                    f"(viết đúng: {format_number(value)}).",
                ),
            )
        return value, ()
    if _DOT_DECIMAL.fullmatch(body):
        value = Decimal(sign + body)
        return value, (
            NumberNotice(
                "wrong-decimal-separator",
                f"«{raw.strip()}» dùng dấu chấm làm dấu thập phân; văn bản dùng dấu phẩy "
                f"(đã hiểu là {format_number(value)}).",
            ),
        )
    if (_EN_GROUPED.fullmatch(body) and body.count(",") >= 2) or _EN_DECIMAL.fullmatch(body):
        value = Decimal(sign + body.replace(",", ""))
        return value, (
            NumberNotice(
                "wrong-group-separator",
                f"«{raw.strip()}» dùng dấu phẩy phân cách hàng nghìn theo kiểu tiếng Anh "
                f"(đã hiểu là {format_number(value)}).",
            ),
        )
    raise NumberFormatError(f"«{raw.strip()}» không phải là số.")


def parse_cell(raw: str) -> tuple[Cell, tuple[NumberNotice, ...]]:
    """Read one cell as typed: blank, "-", a number, or (when it is none of those) text."""
    text = raw.strip()
    if not text:
        return BLANK, ()
    if text in DASHES:
        return DASH, ()
    try:
        value, notices = parse_number(text)
    except NumberFormatError:
        return Cell(CellKind.TEXT, None, text), ()
    return Cell(CellKind.NUMBER, value, text), notices


def decimals_of(value: Decimal) -> int:
    """How many decimal places a value is written with (Decimal("96.60") → 2)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(10)}

# What a figure may hold: every storage keeps it exactly (SQLite's REAL, and Django's reading of it,
# keep 15 significant digits; the column keeps 6 decimal places). Excel keeps 15 digits too.
MAX_DIGITS = 15
MAX_DECIMALS = 6


def storage_problem(value: Decimal) -> str | None:
    """Why a figure cannot be kept exactly ("số quá lớn …", Vietnamese), or None when it can."""
    if not value.is_finite():
        return "không phải là số hữu hạn"
    if value.is_zero():
        return None
    whole = max(0, value.adjusted() + 1)
    if whole > MAX_DIGITS:
        return (
            f"số quá lớn ({whole} chữ số phần nguyên), vượt quá giới hạn lưu trữ (tối đa {MAX_DIGITS} chữ số)"
        )
    if decimals_of(value) > MAX_DECIMALS:
        return (
            f"quá nhiều chữ số thập phân ({decimals_of(value)}), vượt quá giới hạn lưu trữ "
            f"(tối đa {MAX_DECIMALS} chữ số thập phân)"
        )
    if whole + decimals_of(value) > MAX_DIGITS:
        return (
            f"số có quá nhiều chữ số ({whole + decimals_of(value)}), vượt quá giới hạn lưu trữ "
            f"(tối đa {MAX_DIGITS} chữ số, kể cả phần thập phân)"
        )
    return None


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round the way forms do (0,5 goes up), to `decimals` places; any size of number, never an error."""
    quantum = _QUANTA.get(decimals)
    if quantum is None:
        quantum = Decimal(1).scaleb(-decimals)
    if not value.is_finite():
        return value
    # The default context's 28 digits would make quantize fail on a longer number ("1" * 31).
    whole = max(0, value.adjusted() + 1)
    precision = max(28, whole + decimals + 2)
    return value.quantize(quantum, rounding=ROUND_HALF_UP, context=Context(prec=precision))


def format_number(value: Decimal | int, decimals: int | None = None) -> str:
    """Format the Vietnamese way: format_number(242037) → "242.037", (Decimal("96.6"), 2) → "96,60"."""
    number = Decimal(value)
    places = decimals_of(number) if decimals is None else decimals
    number = round_half_up(number, places)
    if number.is_zero():
        number = number.copy_abs()  # -0,001 rounds to 0,00, not "-0,00"
    whole, _, fraction = f"{number.copy_abs():f}".partition(".")
    if -(10**15) < number < 10**15:
        # Babel parses its pattern and looks the locale up on every call, the main cost of computing a
        # unit's rows; Vietnamese groups thousands with "." and writes decimals after ",".
        grouped = f"{int(whole):,}".replace(",", ".")
    else:
        # Grouped by hand: Babel's own rounding fails beyond 28 digits, int() beyond 4.300.
        head = len(whole) % 3 or 3
        grouped = ".".join([whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)])
    text = grouped + ("," + fraction if fraction else "")
    return "-" + text if number < 0 else text
