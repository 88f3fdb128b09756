"""The text argparse writes itself in the `cchc` command (usage, section titles, errors), in Vietnamese.

argparse looks its own messages up at call time through its module's `_` and `ngettext` (gettext), so
`vietnamese_argparse()` puts a lookup of the messages below in their place while the command line is
built and parsed, and the original back afterwards: nothing else in the process sees argparse changed.
The keys are argparse's exact message ids (Python 3.11's `argparse.py`); a test runs every command's
`--help` and the common errors to notice one that changed. Only the messages a user can cause are here;
those that report a mistake in cchc's own parser definition stay English.

Also the argument types whose error argparse prints as is (`argparse.ArgumentTypeError`), so that a bad
number or day reads «tham số --port: «abc» không phải số nguyên» rather than «invalid int value».
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from cchc.core.periods import parse_day

MESSAGES = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số bắt buộc",
    "options": "tùy chọn",
    "subcommands": "lệnh con",
    "show this help message and exit": "hiện trợ giúp này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "not allowed with argument %s": "không dùng được cùng với tham số %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (chọn một trong: %(choices)s)"
    ),
    "unrecognized arguments: %s": "không nhận ra tham số: %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn không rõ: %(option)s có thể là %(matches)s"
    ),
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị (đã cho %r)",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "can't open '%(filename)s': %(error)s": "không mở được «%(filename)s»: %(error)s",
}

# Vietnamese nouns do not change with the count: one text for both of argparse's forms.
PLURAL_MESSAGES = {"expected %s argument": "cần %s giá trị"}


def gettext(message: str) -> str:
    """argparse's message in Vietnamese, or as it is when it is not one a user can cause."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """argparse's counted message in Vietnamese (gettext's `ngettext`)."""
    if singular in PLURAL_MESSAGES:
        return PLURAL_MESSAGES[singular]
    return singular if count == 1 else plural


@contextmanager
def vietnamese_argparse() -> Iterator[None]:
    """Let argparse write Vietnamese while the block builds and parses a command line."""
    # The module's namespace, not attributes: argparse's `_` is not part of its typed interface.
    namespace = vars(argparse)
    saved = namespace["_"], namespace["ngettext"]
    namespace["_"], namespace["ngettext"] = gettext, ngettext
    try:
        yield
    finally:
        namespace["_"], namespace["ngettext"] = saved


def integer(text: str) -> int:
    """An integer argument («số nguyên»), refused in Vietnamese."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» không phải số nguyên") from None


def day(text: str) -> dt.date:
    """A day argument («ngày»: dd/mm/yyyy or yyyy-mm-dd), refused in Vietnamese."""
    try:
        return parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày «{text}» không đọc được (dạng dd/mm/yyyy hoặc yyyy-mm-dd)"
        ) from None
