"""The Chinese SMS templates (短信模板). A real gateway files each template for approval and receives only its
id and the parameters; the sandbox renders the same text, so tests read what a phone would show.

Notices end with the opt-out hint (回复TD退订) as the rules for notification SMS require; a verification
code does not (the resident asked for it).
"""
from __future__ import annotations

from dataclasses import dataclass

SIGN = "政务服务网"
OPT_OUT_HINT = "回复TD退订"
MAX_PARAM = 120  # a parameter is cut to this many characters (a long 补正 list stays one message chain)


@dataclass(frozen=True)
class Template:
    id: str
    text: str  # str.format fields; every field is a parameter
    notice: bool = True  # a notice can be opted out of; a verification code cannot


TEMPLATES: dict[str, Template] = {t.id: t for t in (
    Template("accepted", "您申请的“{service}”（登记编码{code}）已受理，承诺办结时限{days}个工作日。"
                         "可凭登记编码在自助终端或网上查询进度。"),
    Template("accepted_now", "您申请的“{service}”（登记编码{code}）已受理，承诺当场办结（即办件）。"
                             "可凭登记编码在自助终端或网上查询进度。"),
    Template("supplement", "您申请的“{service}”（登记编码{code}）需要补正材料：{missing}。"
                           "请携带上述材料到窗口或自助终端提交，补齐后继续办理。"),
    Template("delivery_changed", "您申请的“{service}”（登记编码{code}）已收到。您选择的“{asked}”该事项已不再提供，"
                                 "结果将改为“{instead}”，办结时另行通知。可凭登记编码在自助终端或网上查询进度。"),
    Template("completed", "您申请的“{service}”（登记编码{code}）已办结。{outcome}"),
    Template("ready_window", "您申请的“{service}”（登记编码{code}）已办结，结果可领取，请携带身份证到{place}"
                             "窗口领取。"),
    Template("ready_kiosk", "您申请的“{service}”（登记编码{code}）已办结，结果可打印，请携带身份证或回执到任一"
                            "政务服务自助终端“结果领取”打印。"),
    # a rejection asks for nothing more, a fee included: the office will not handle the case (payments/web.py)
    Template("not_accepted", "您申请的“{service}”（登记编码{code}）不予受理，理由：{reason}。可凭登记编码在自助终端"
                             "或网上查询详情；如有疑问，请咨询{place}或拨打12345政务服务便民热线。"),
    Template("refused", "您申请的“{service}”（登记编码{code}）经审查不予办理，理由：{reason}。可凭登记编码在自助终端"
                        "或网上查询详情；如有疑问，请咨询{place}或拨打12345政务服务便民热线。"),
    # the fee of a refused case, once the provider has given it back (servicenet/payments/refunds.py)
    Template("refunded", "您申请的“{service}”（登记编码{code}）未予办理，已缴纳的费用{amount}已原路退回您的付款账户，"
                         "无需到窗口办理；到账时间以支付机构为准。"),
    # the provider refused the network's refund and the money is not back: the counter refunds it (refunds.py)
    Template("refund_failed", "您申请的“{service}”（登记编码{code}）未予办理，已缴纳的费用{amount}未能自动原路退回，"
                              "请携带登记编码到{place}办理退费；如有疑问，请拨打12345政务服务便民热线。"),
    Template("posted", "您申请的“{service}”（登记编码{code}）结果已寄出，{carrier}运单号{waybill}，请注意查收。"),
    # to the technician who looks after a kiosk (servicenet/fleet/alerts.py): work messages, no opt-out
    Template("fleet_alert", "自助终端{device}（{hall}）告警：{problem}。请尽快到场处理。", notice=False),
    Template("fleet_alert_cleared", "自助终端{device}（{hall}）已恢复：{problem}已解除。", notice=False),
    Template("verify_code", "验证码{otp}，{minutes}分钟内有效，用于{purpose}。请勿告诉他人。", notice=False),
)}


class UnknownTemplate(KeyError):
    """No template with this id."""


def render(template_id: str, params: dict[str, str]) -> str:
    """The message as the phone shows it: 【sign】text, and the opt-out hint for notices."""
    try:
        t = TEMPLATES[template_id]
    except KeyError:
        raise UnknownTemplate(template_id) from None
    cut = {k: (str(v)[:MAX_PARAM - 1] + "…" if len(str(v)) > MAX_PARAM else str(v)) for k, v in params.items()}
    body = t.text.format(**cut)
    return f"【{SIGN}】{body}" + (OPT_OUT_HINT if t.notice else "")
