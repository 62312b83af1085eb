"""The resident's web page for one case: what the receipt QR opens on a phone (no personal data shown)."""
from __future__ import annotations

from html import escape
from typing import Any

from domain import codes
from domain.status import LABELS_ZH, CaseStatus

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>办件进度查询</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;margin:1.2em;font-size:18px;color:#111}}
h1{{font-size:1.4em}} .code{{font-size:1.3em;letter-spacing:.05em}} li{{margin:.4em 0}}
.status{{font-weight:bold;color:#0a5}}</style></head><body>
<h1>办件进度查询</h1>{body}</body></html>"""


def case_page(view: dict[str, Any] | None, code: str) -> str:
    if view is None:
        return PAGE.format(body=f"<p>未找到办件 <span class=code>{escape(code)}</span>。"
                           "若刚在自助终端提交，网络恢复后即可查询。</p>")
    steps = "".join(
        f"<li>{escape(h['at'][:16].replace('T', ' '))} {escape(LABELS_ZH[CaseStatus(h['status'])])}"
        f"{(' — ' + escape(h['note'])) if h.get('note') else ''}</li>"
        for h in view["history"]
    )
    body = (
        f"<p class=code>登记编码：{escape(codes.pretty(view['code']))}</p>"
        f"<p>事项：{escape(view['service_name'])}</p>"
        f"<p>当前状态：<span class=status>{escape(LABELS_ZH[CaseStatus(view['status'])])}</span></p>"
        f"<p>承诺办结日期：{escape(view.get('due_date') or '—')}</p><ol>{steps}</ol>"
    )
    return PAGE.format(body=body)
