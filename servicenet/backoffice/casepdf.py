"""办件材料 as one PDF (fpdf2, Noto Sans CJK): the case, the form, who applied for whom, the commitment letter as
signed with the promised materials, every material image and the signature."""
from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from fpdf import FPDF

from servicenet.backoffice.casefile import CaseFile
from servicenet.results.stamp import FONT, FONT_INDEX

STATUS = {"submitted": "已提交", "accepted": "已受理", "in_progress": "办理中", "completed": "已办结",
          "rejected": "不予受理"}
CHANNELS = {"kiosk": "自助终端", "web": "网上办事"}


def _person(p: Any) -> str:
    if not isinstance(p, dict):
        return "—"
    return f"{p.get('name', '')}（{p.get('id_number', '')}）"


FACE_REASONS = {"mismatch": "人脸与证件照片不一致", "no_face": "未拍到清晰人脸", "no_photo": "证件照片无法读取",
                "camera": "摄像头不可用"}


def face_words(check: Any) -> str:
    """人证合一 as the kiosk recorded it (domain.models.FaceCheck.to_wire): no image, only the outcome."""
    if not isinstance(check, dict):
        return "—"
    distance = f"（距离 {check['distance']}）" if check.get("distance") is not None else ""
    if check.get("outcome") == "matched":
        return "人脸与证件照片比对一致" + distance
    why = FACE_REASONS.get(str(check.get("reason", "")), str(check.get("reason", "")))
    return f"工作人员 {check.get('clerk', '')} 当面核实（{why}）" + distance


class _Pdf(FPDF):
    def __init__(self, title: str, clerk: str) -> None:
        super().__init__(format="A4")
        self.add_font("cjk", fname=FONT, collection_font_number=FONT_INDEX)
        self.set_font("cjk", size=10)
        self.set_auto_page_break(True, margin=15)
        self._title, self._clerk = title, clerk

    def header(self) -> None:
        self.set_font("cjk", size=8)
        self.cell(0, 6, f"{self._title} · 办件材料 · 由 {self._clerk} 于 {datetime.now():%Y-%m-%d %H:%M} 调阅（已记录）",
                  new_x="LMARGIN", new_y="NEXT")
        self.set_font("cjk", size=10)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("cjk", size=8)
        self.cell(0, 6, f"第 {self.page_no()} 页", align="C")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font("cjk", size=13)
        self.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("cjk", size=10)

    def row(self, label: str, value: str) -> None:
        self.set_x(self.l_margin)
        self.multi_cell(0, 6, f"{label}：{value}", new_x="LMARGIN", new_y="NEXT")

    def image_block(self, data: bytes, height: float) -> None:
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()
        self.image(io.BytesIO(data), x=self.l_margin, h=height, keep_aspect_ratio=True,
                   w=self.w - self.l_margin - self.r_margin)
        self.ln(2)


def build(f: CaseFile, clerk: str) -> bytes:
    v, o = f.view, f.opened
    pdf = _Pdf(v["code"], clerk)
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.cell(0, 10, f"{v.get('service_name') or v['service_code']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    pdf.row("登记编码", v["code"])
    pdf.row("承办部门", f.department)
    pdf.row("渠道", CHANNELS.get(v["channel"], v["channel"]) + (f"（终端 {o.get('device_id')}）" if o.get("device_id") else ""))
    pdf.row("提交时间", v["submitted_at"])
    pdf.row("当前状态", STATUS.get(v["status"], v["status"]))
    pdf.row("承诺办结日期", str(v.get("deadline") or v.get("due_date")))
    pdf.heading("申请人与代办")
    pdf.row("申请人", _person(o.get("applicant")))
    pdf.row("代办人", _person(o.get("agent")) if o.get("agent") else "本人申请")
    if o.get("assisted_by"):
        pdf.row("窗口协助", str(o["assisted_by"]))
    if o.get("face_check"):
        pdf.row("人证核验", face_words(o["face_check"]))
    pdf.heading("申请表")
    for title, value in f.form:
        pdf.row(title, value)
    c = f.commitment
    pdf.heading("告知承诺书（签署原文）")
    if c:
        pdf.row("版本", str(c.get("version", "")))
        pdf.multi_cell(0, 6, str(c.get("text", "")), new_x="LMARGIN", new_y="NEXT")
        for m in c.get("missing", []):
            pdf.row("承诺补交", f"{m.get('name')}，{m.get('days')} 个工作日内，截止 {m.get('due_date')}")
    else:
        pdf.row("承诺书", "本件未随附承诺书")
    if f.signature is not None and f.signature.is_image:
        pdf.row("签名", "")
        pdf.image_block(f.signature.data, 30)
    pdf.heading("申请材料")
    for m in f.materials:
        pdf.row(m.slot, m.problem or m.media_type)
        if m.is_image:
            pdf.image_block(m.data, 110)
    return bytes(pdf.output())
