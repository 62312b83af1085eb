"""Receipt layout: a Receipt + the template (assets/receipt.txt) -> a list of printable lines.

Pure: no I/O except reading the template file when no template text is given, so every rule here is
unit-testable. The driver (escpos_printer) turns the lines into ESC/POS bytes.

Widths are counted in printer columns: an 80 mm printer prints 48 columns of 12-dot Font A; a CJK or
full-width character (￥, ：, 【) takes two columns, as on the printer's GB18030 font.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from domain.models import DELIVERY_METHODS, Receipt
from domain.payment import yuan
from domain.queue import QueueTicket
from domain.regcode import pretty

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "assets" / "receipt.txt"
TICKET_PATH = TEMPLATE_PATH.with_name("ticket.txt")  # the queue ticket (取号凭条)
COLUMNS = 48  # 80 mm paper, Font A (12 x 24 dots), 576 dots

TITLE = "受理回执"
PAY_LATER = "扫描上方二维码缴费，或登录政务服务网、到窗口缴费"
REPRINT_MARK = "【补打】"

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_ALIGNS = {"@left": "left", "@center": "center", "@right": "right"}
_SIZES = {"@big": (2, 2), "@wide": (2, 1), "@tall": (1, 2)}
# Characters that must not start a line (Chinese line breaking: 避头点) ...
_NO_START = set("，。、；：？！）】」』》〉’”%．,.;:?!)]}")
# ... and ones that must not end it.
_NO_END = set("（【「『《〈‘“([{￥$")


class TemplateError(ValueError):
    """The receipt template is malformed (unknown marker or placeholder)."""


@dataclass(frozen=True)
class Line:
    """One printed line (or a QR code / rule / feed / cut)."""

    kind: str  # "text" | "qr" | "rule" | "feed" | "cut"
    text: str = ""  # text lines: already wrapped to fit; qr: the payload
    align: str = "left"  # "left" | "center" | "right"
    bold: bool = False
    width: int = 1  # character width multiplier (1 or 2)
    height: int = 1  # character height multiplier (1 or 2)
    count: int = 0  # feed: number of empty lines


def char_width(ch: str) -> int:
    """Printer columns one character takes: 2 for CJK / full-width, 1 otherwise."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def fields(receipt: Receipt, printed_at: datetime) -> dict[str, str]:
    """The placeholder values of a receipt."""
    days = receipt.time_limit_days
    return {
        "hall_name": receipt.hall_name.strip(),
        "title": TITLE + (REPRINT_MARK if receipt.reprint else ""),
        "service_name": receipt.service_name.strip(),
        "code": receipt.code,
        "code_pretty": pretty(receipt.code),
        "applicant_name": receipt.applicant_masked_name,
        "applicant_id": receipt.applicant_masked_id,
        "submitted_at": f"{receipt.submitted_at:%Y-%m-%d %H:%M}",
        "time_limit": f"{days} 个工作日" if days > 0 else "即办件（当场办结）",
        "due_date": receipt.due_date.isoformat() if receipt.due_date and days > 0 else "",
        "department": receipt.department.strip(),
        "track_url": receipt.track_url,
        "notice": receipt.notice.strip(),
        "printed_at": f"{printed_at:%Y-%m-%d %H:%M:%S}",
        "promised": "；".join(f"{name}（{due}前）" for name, due in receipt.promised),
        "delivery": DELIVERY_METHODS.get(receipt.delivery, ""),
        **payment_fields(receipt),
    }


def ticket_fields(ticket: QueueTicket, printed_at: datetime) -> dict[str, str]:
    """The placeholder values of a queue ticket (assets/ticket.txt)."""
    return {
        "hall_name": ticket.hall_name.strip(),
        "number": ticket.number,
        "business": ticket.business,
        "priority": f"【{ticket.priority_label}】" if ticket.priority_label else "",
        "ahead": f"{ticket.ahead} 人",
        "estimate": f"约 {ticket.estimate_minutes} 分钟" if ticket.estimate_minutes else "即将叫号",
        "follow_url": ticket.follow_url,
        "printed_at": f"{ticket.issued_at or printed_at:%Y-%m-%d %H:%M:%S}",
    }


def payment_fields(receipt: Receipt) -> dict[str, str]:
    """Paid: amount, order number, paid time. Owed (pay later): the amount, a QR to pay, where else to pay."""
    paid = receipt.amount_cents > 0 and bool(receipt.order_no)
    owed = receipt.amount_cents > 0 and not paid and bool(receipt.pay_url)
    return {
        "paid_fee": yuan(receipt.amount_cents) if paid else "",
        "paid_item": receipt.fee_item if paid else "",
        "order_no": receipt.order_no if paid else "",
        "paid_at": f"{receipt.paid_at:%Y-%m-%d %H:%M:%S}" if paid and receipt.paid_at else "",
        "owed_fee": f"待缴费 {yuan(receipt.amount_cents)}" if owed else "",
        "owed_item": receipt.fee_item if owed else "",
        "pay_url": receipt.pay_url if owed else "",
        "pay_later": PAY_LATER if owed else "",
    }


def load_template(path: Path | None = None) -> str:
    return (path or TEMPLATE_PATH).read_text(encoding="utf-8")


def build(
    receipt: Receipt,
    printed_at: datetime,
    template: str | None = None,
    columns: int = COLUMNS,
) -> list[Line]:
    """Lay the receipt out. `template` is the template text (default: assets/receipt.txt)."""
    if template is None:
        template = load_template()
    return render(template, fields(receipt, printed_at), columns)


def render(template: str, values: Mapping[str, str], columns: int = COLUMNS) -> list[Line]:
    """Fill the template with `values` and wrap it to `columns`."""
    out: list[Line] = []
    for lineno, raw in enumerate(template.splitlines(), 1):
        if raw.startswith("#"):
            continue
        markers, rest = _split_markers(raw.rstrip())
        align, bold, size, kind = "left", False, (1, 1), "text"
        for m in markers:
            if m in _ALIGNS:
                align = _ALIGNS[m]
            elif m == "@bold":
                bold = True
            elif m in _SIZES:
                size = _SIZES[m]
            elif m in ("@qr", "@rule", "@feed", "@cut"):
                kind = m[1:]
            else:
                raise TemplateError(f"line {lineno}: unknown marker {m}")
        names = _PLACEHOLDER.findall(rest)
        for name in names:
            if name not in values:
                raise TemplateError(f"line {lineno}: unknown placeholder {{{name}}}")
        if names and not any(values[n] for n in names):
            continue  # optional line whose data is absent
        text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], rest)
        # A value may hold several lines (a multi-line notice): each is a line of its own.
        if kind == "text":
            for part in text.split("\n") if text else [""]:
                for piece in wrap(part, columns // size[0]):
                    out.append(Line("text", piece, align, bold, size[0], size[1]))
        elif kind == "qr":
            if text.strip():
                out.append(Line("qr", text.strip(), align))
        elif kind == "rule":
            out.append(Line("rule"))
        elif kind == "feed":
            try:
                n = int(text or "1")
            except ValueError:
                raise TemplateError(f"line {lineno}: @feed takes a number") from None
            out.append(Line("feed", count=max(n, 0)))
        else:
            out.append(Line("cut"))
    return out


def _split_markers(line: str) -> tuple[list[str], str]:
    markers: list[str] = []
    rest = line
    while rest.startswith("@"):
        token, _, tail = rest.partition(" ")
        markers.append(token)
        rest = tail.lstrip(" ")
    return markers, rest


def wrap(text: str, columns: int) -> list[str]:
    """Wrap to `columns` printer columns.

    CJK breaks anywhere except before closing punctuation (and after opening one); a run of Latin
    letters/digits (a URL, an ID) is kept whole when it fits on a line. A "标签：" prefix short enough
    makes a hanging indent, so the value stays in one column.
    """
    if text_width(text) <= columns:
        return [text]
    indent = 0
    label, sep, _ = text.partition("：")
    if sep and 0 < text_width(label + sep) <= columns // 3:
        indent = text_width(label + sep)
    lines: list[str] = []
    rest = text
    first = True
    while rest:
        room = columns - (0 if first else indent)
        prefix = "" if first else " " * indent
        if text_width(rest) <= room:
            lines.append(prefix + rest)
            break
        cut = _break_at(rest, room)
        lines.append(prefix + rest[:cut].rstrip(" "))
        rest = rest[cut:].lstrip(" ")
        first = False
    return lines


def _break_at(text: str, room: int) -> int:
    """Index to break `text` so that text[:i] fits in `room` columns (always >= 1)."""
    used, i = 0, 0
    while i < len(text) and used + char_width(text[i]) <= room:
        used += char_width(text[i])
        i += 1
    i = max(i, 1)
    if i >= len(text):
        return i
    # keep a Latin word whole if it starts on this line and fits on a line of its own
    if _is_word(text[i]) and _is_word(text[i - 1]):
        j = i
        while j > 0 and _is_word(text[j - 1]):
            j -= 1
        k = i
        while k < len(text) and _is_word(text[k]):
            k += 1
        if j > 0 and text_width(text[j:k]) <= room:
            return j
    # Chinese line-breaking rules: move one character down rather than start with "。" or end with "（"
    if (text[i] in _NO_START or text[i - 1] in _NO_END) and i > 1:
        return i - 1
    return i


def _is_word(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()
