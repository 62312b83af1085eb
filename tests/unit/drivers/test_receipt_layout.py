"""drivers.printer.layout: template -> printable lines (pure, no printer)."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import pytest

from domain.models import Receipt
from drivers.printer import layout
from drivers.printer.layout import Line, TemplateError, text_width, wrap
from tests.helpers.receipts import sample_receipt

PRINTED_AT = datetime(2026, 11, 26, 10, 5, 7)


@pytest.fixture
def receipt() -> Receipt:
    return sample_receipt()


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines if ln.kind == "text"]


def test_receipt_has_every_field(receipt: Receipt) -> None:
    lines = layout.build(receipt, PRINTED_AT)
    body = "\n".join(texts(lines))
    for part in ("天河区政务服务中心", "受理回执", "办理事项：城乡居民基本医疗保险参保登记",
                 "440105 001 261126 0001 7", "申请人：张*英", "440105********123X",
                 "提交时间：2026-11-26 09:30", "承诺时限：5 个工作日", "受理部门：天河区医疗保障局",
                 "凭此回执查询办理进度", "工本费￥20.00。", "打印时间：2026-11-26 10:05:07"):
        assert part in body, part
    assert "补打" not in body
    assert [ln.text for ln in lines if ln.kind == "qr"] == [receipt.track_url]
    assert lines[-1].kind == "cut"


def test_code_is_big_and_title_centered(receipt: Receipt) -> None:
    lines = layout.build(receipt, PRINTED_AT)
    code = next(ln for ln in lines if ln.text == "440105 001 261126 0001 7")
    assert (code.width, code.height, code.align) == (2, 2, "center")
    title = next(ln for ln in lines if ln.text.startswith("受理回执"))
    assert title.align == "center" and title.width == 2


def test_reprint_is_marked(receipt: Receipt) -> None:
    body = texts(layout.build(replace(receipt, reprint=True), PRINTED_AT))
    assert "受理回执【补打】" in body


def test_same_day_service_and_missing_optional_fields(receipt: Receipt) -> None:
    r = replace(receipt, time_limit_days=0, hall_name="", notice="")
    lines = layout.build(r, PRINTED_AT)
    body = texts(lines)
    assert "承诺时限：即办件（当场办结）" in body
    assert "" not in [ln.text for ln in lines[:1]]  # no empty hall-name line at the top
    assert lines[0].text.startswith("受理回执")
    assert not any("￥" in t for t in body)


def test_every_line_fits_the_paper(receipt: Receipt) -> None:
    long = replace(
        receipt,
        service_name="建设工程消防验收备案及特殊建设工程消防设计审查意见书（含变更）核发",
        notice="请于3个工作日内到2楼B区5号窗口缴纳工本费￥20.00（可用微信、支付宝），逾期未缴视为放弃申请。",
        department="广州市天河区住房和城乡建设局建设工程消防审查科（堃䶮）",
    )
    for ln in layout.build(long, PRINTED_AT):
        if ln.kind == "text":
            assert text_width(ln.text) * ln.width <= layout.COLUMNS, ln.text
            assert ln.text[:1] not in "，。、）】：", ln.text


def test_label_lines_wrap_under_the_value() -> None:
    out = wrap("办理事项：" + "医" * 30, 48)
    assert out[0].startswith("办理事项：") and text_width(out[0]) <= 48
    assert out[1].startswith(" " * 10) and out[1].strip() == "医" * (30 - 19)


def test_latin_runs_are_not_split() -> None:
    out = wrap("查询网址 " + "https://zwfw.example.gov.cn/t/1234", 40)
    assert out == ["查询网址", "https://zwfw.example.gov.cn/t/1234"]


def test_opening_punctuation_does_not_end_a_line() -> None:
    assert wrap("一二（三四五", 6) == ["一二", "（三四", "五"]
    assert wrap("一二三（四五）", 6) == ["一二三", "（四", "五）"]  # and "）" never starts a line


def test_template_markers() -> None:
    tpl = "# comment\n@right @tall {a}\n@feed 2\n@rule\nx {b}\n@qr {a}\n@cut\n"
    out = layout.render(tpl, {"a": "A", "b": ""})
    assert out == [Line("text", "A", "right", False, 1, 2), Line("feed", count=2), Line("rule"),
                   Line("qr", "A"), Line("cut")]


@pytest.mark.parametrize("tpl", ["@blink x", "{nope}", "@feed many"])
def test_template_errors(tpl: str) -> None:
    with pytest.raises(TemplateError):
        layout.render(tpl, {"a": "A"})


def test_queue_ticket_layout_and_bytes() -> None:
    from datetime import datetime

    from domain.queue import QueueTicket
    from drivers.printer import layout

    ticket = QueueTicket("A012", "综合窗口", 3, 12, "城关镇便民服务中心", "http://hall.lan/hall/t/x-A012", "老年人优先",
                         datetime(2026, 12, 4, 9, 30))
    lines = layout.render(layout.load_template(layout.TICKET_PATH), layout.ticket_fields(ticket, datetime(2026, 1, 1)))
    texts = [line.text for line in lines if line.kind == "text"]
    assert "A012" in texts and "【老年人优先】" in texts and "您前面还有：3 人" in texts
    assert "预计等候：约 12 分钟" in texts and "取号时间：2026-12-04 09:30:00" in texts
    assert [line.text for line in lines if line.kind == "qr"] == ["http://hall.lan/hall/t/x-A012"]
    plain = layout.ticket_fields(QueueTicket("B001", "个人办事", 0, 0, "", ""), datetime(2026, 1, 1))
    assert plain["priority"] == "" and plain["estimate"] == "即将叫号"


def test_receipt_says_what_was_promised_and_how_to_collect(receipt: Receipt) -> None:
    body = "\n".join(texts(layout.build(replace(receipt, promised=(("居民户口簿", "2026-12-03"), ("照片", "2026-12-03")),
                                                delivery="kiosk"), PRINTED_AT)))
    assert "承诺补交：居民户口簿（2026-12-03前）；照片（2026-12-03前）" in re.sub(r"\n\s*", "", body)  # wrapped, indented
    assert "领取方式：自助终端打印" in body
    plain = "\n".join(texts(layout.build(receipt, PRINTED_AT)))
    assert "承诺补交" not in plain and "领取方式" not in plain  # nothing promised, no method given: no lines
