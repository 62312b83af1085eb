"""The residents' pay-later page (/pay/<code>): what the QR on an unpaid receipt opens on a phone."""
from __future__ import annotations

import base64
import io
import json
import logging
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any

import qrcode
import sqlalchemy as sa

from domain import regcode
from domain.payment import PayState, out_trade_no, yuan
from servicenet.db import cases, services, status_events
from servicenet.payments import refunds

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from servicenet.payments.gateway import Gateway

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">{refresh}<title>办件缴费</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;margin:1.2em;font-size:18px;color:#111;text-align:center}}
.amount{{font-size:2.4em;font-weight:bold;color:#c00}} .paid{{color:#0a5;font-weight:bold;font-size:1.4em}}
img{{width:260px;height:260px;image-rendering:pixelated}}</style></head><body>
<h1>办件缴费</h1>{body}</body></html>"""


def _qr(text: str) -> str:
    buf = io.BytesIO()
    qrcode.make(text, box_size=6, border=2).save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _fee(gw: "Gateway", code: str) -> tuple[int, str, str] | None:
    """The fee of the case's service and the case's status, once the network holds the case (None: not yet)."""
    with gw.engine.connect() as conn:
        row = conn.execute(sa.select(services.c.data, cases.c.status).select_from(
            cases.join(services, services.c.code == cases.c.service_code)).where(cases.c.code == code)).first()
    if row is None:
        return None
    item = json.loads(row.data)
    return int(item.get("fee_cents", 0)), str(item.get("fee_item", "") or item.get("name", "")), str(row.status)


def _refused(gw: "Gateway", code: str) -> str:
    """不予受理 (refused as submitted) or 不予办理 (refused after 受理), as the resident's SMS said."""
    with gw.engine.connect() as conn:
        accepted = conn.execute(sa.select(status_events.c.seq).where(
            status_events.c.code == code, status_events.c.status == "accepted").limit(1)).first()
    return "该办件经审查不予办理" if accepted else "该办件已不予受理"


def _refund_words(gw: "Gateway", code: str, orders: list[dict[str, Any]]) -> str:
    """What became of a fee paid for a refused case (servicenet/payments/refunds.py), for the resident."""
    jobs = refunds.for_case(gw.engine, code)["refunds"]
    words = []
    for job in jobs:
        amount = escape(job["amount"])
        if job["back"]:  # done, or refunded at the counter after the network's try was refused
            words.append(f"已缴纳的费用{amount}已原路退回您的付款账户。")
        elif job["state"] == "queued":
            words.append(f"已缴纳的费用{amount}正在原路退回，完成后将短信告知。")
        else:
            words.append(f"已缴纳的费用{amount}暂未能自动退回，请到窗口办理退费。")
    owed = {j["out_trade_no"] for j in jobs}
    for o in orders:  # paid, and no refund of the network's own (a case refused before there were any)
        if o["state"] == PayState.SUCCESS.value and o["out_trade_no"] not in owed:
            words.append(f"已缴纳的费用{escape(yuan(o['amount_cents']))}请到窗口办理退费。")
        elif o["state"] == PayState.REFUND.value and o["out_trade_no"] not in owed:  # refunded at the counter
            words.append(f"已缴纳的费用{escape(yuan(o['amount_cents']))}已原路退回您的付款账户。")
    return "".join(words)


def _page(body: str, refresh: bool = False) -> str:
    return PAGE.format(body=body, refresh='<meta http-equiv="refresh" content="5">' if refresh else "")


def pay_page(gw: "Gateway", code: str) -> tuple[int, str]:
    try:
        code = regcode.validate(code)
    except regcode.InvalidCode:
        return 404, _page(f"<p>登记编码 {escape(code[:40])} 有误，请核对回执。</p>")
    pretty = escape(regcode.pretty(code))
    orders = gw.for_case(code)
    fee = _fee(gw, code)
    if fee is not None and fee[2] == "rejected":  # the office will not handle it: no fee is owed for it
        return 200, _page(f"<p>登记编码：{pretty}</p><p>{_refused(gw, code)}，无需缴费。{_refund_words(gw, code, orders)}"
                          "详情请查询办件进度或咨询窗口。</p>")
    paid = [o for o in orders if o["state"] == PayState.SUCCESS.value]
    if paid:
        o = paid[0]
        when = (o["paid_at"] or "")[:16].replace("T", " ")
        return 200, _page(f"<p>登记编码：{pretty}</p><p class=paid>已缴费 {escape(yuan(o['amount_cents']))}</p>"
                          f"<p>{escape(o['fee_item'])}</p><p>订单号：{escape(o['out_trade_no'])}<br>支付时间：{escape(when)}</p>")
    if fee is None:
        return 404, _page(f"<p>登记编码：{pretty}</p><p>办件尚未送达政务服务网。若刚在自助终端提交，"
                          "网络恢复后即可缴费；也可到窗口缴费。</p>")
    amount, fee_item, status = fee
    if amount <= 0:
        return 200, _page(f"<p>登记编码：{pretty}</p><p class=paid>本事项不收费。</p>")
    now = datetime.now().astimezone()
    live = [o for o in orders if o["flow"] == "native" and o["state"] == PayState.NOTPAY.value and o["code_url"]
            and o["out_trade_no"][20:21] == "W" and o["expires_at"] and datetime.fromisoformat(o["expires_at"]) > now]
    if live:
        order: dict[str, Any] = live[-1]
    else:
        attempt = 1 + sum(1 for o in orders if o["out_trade_no"][20:21] == "W")
        from servicenet.payments.gateway import GatewayError

        try:
            order = gw.native({"out_trade_no": out_trade_no(code, attempt, "W"), "case_code": code,
                               "amount_cents": amount, "fee_item": fee_item, "device_id": "web",
                               "expire_seconds": 600})
        except GatewayError as exc:  # the resident reads the Chinese half; the rest is for the log
            log.warning("pay page of %s: %s", code, exc)
            return 503, _page(f"<p>登记编码：{pretty}</p>"
                              f"<p>暂时无法缴费（{escape(exc.detail.split(' / ')[0])}），请稍后再试或到窗口缴费。</p>")
    return 200, _page(
        f"<p>登记编码：{pretty}</p><p>{escape(fee_item)}</p><p class=amount>{escape(yuan(amount))}</p>"
        f"<p><img alt='付款二维码' src='{_qr(order['code_url'])}'></p>"
        f"<p>请用微信或支付宝扫码支付，或<a href='{escape(order['code_url'])}'>在钱包中打开</a>"
        f"（订单号 {escape(order['out_trade_no'])}）。付款后本页自动刷新。</p>", refresh=True)
