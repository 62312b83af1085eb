"""Stamp a result PDF with its verification code and a QR to /verify/<code> (bottom right of the first page).

The stamp is drawn on an overlay page (fpdf2: the QR and a label image, the code as text in a core font, so
no CJK font is parsed per document) and merged onto the first page with pypdf; the original content is kept
as it was. What the network signs is the hash of the stamped bytes (servicenet/results/documents.py).
"""
from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_INDEX = 2  # Noto Sans CJK SC
PT_PER_MM = 72 / 25.4
BOX_MM = 26  # the QR's side


class NotAPdf(ValueError):
    """The upload is not a readable PDF."""


@lru_cache(maxsize=1)
def _label() -> bytes:
    """扫码核验 as a PNG (PIL's FreeType opens the collection at once; fpdf2 would parse all of it)."""
    try:
        font = ImageFont.truetype(FONT, 40, index=FONT_INDEX)
    except OSError:
        font = ImageFont.load_default()
    img = Image.new("L", (300, 56), 255)
    ImageDraw.Draw(img).text((4, 2), "扫码核验真伪", font=font, fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _qr(text: str) -> bytes:
    buf = io.BytesIO()
    qrcode.make(text, box_size=8, border=1).save(buf, format="PNG")
    return buf.getvalue()


def _overlay(width_pt: float, height_pt: float, code: str, url: str) -> bytes:
    pdf = FPDF(unit="pt", format=(width_pt, height_pt))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    side = BOX_MM * PT_PER_MM
    x, y = width_pt - side - 12 * PT_PER_MM, height_pt - side - 22 * PT_PER_MM
    pdf.image(io.BytesIO(_qr(url)), x=x, y=y, w=side, h=side)
    pdf.image(io.BytesIO(_label()), x=x, y=y + side + 1, w=side, h=side * 56 / 300)
    pdf.set_font("Helvetica", size=7)
    pdf.set_xy(x - 10, y + side + side * 56 / 300 + 1)
    pdf.cell(side + 20, 9, f"No. {code}", align="C")
    return bytes(pdf.output())


def stamp(pdf: bytes, code: str, url: str) -> bytes:
    """The PDF with the verification stamp on its first page; NotAPdf when it cannot be read."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        pages = list(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise NotAPdf(f"不是可读的PDF文件 / not a readable PDF: {type(exc).__name__}") from None
    if not pages:
        raise NotAPdf("PDF没有页面 / the PDF has no pages")
    try:  # a file that opens can still break here (a page with no usable MediaBox, a broken resource)
        writer = PdfWriter()
        for page in pages:
            writer.add_page(page)
        first = writer.pages[0]
        box = first.mediabox
        over = PdfReader(io.BytesIO(_overlay(float(box.width), float(box.height), code, url))).pages[0]
        first.merge_page(over)
        writer.add_metadata({"/Title": f"Result document {code}", "/Producer": "servicenet"})
        out = io.BytesIO()
        writer.write(out)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise NotAPdf(f"不是可读的PDF文件 / not a readable PDF: {type(exc).__name__}") from None
    return out.getvalue()


def text_pdf(title: str, body: str) -> bytes:
    """A plain A4 document from the clerk's approval text (批文): title and paragraphs, CJK font embedded."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("cjk", fname=FONT, collection_font_number=FONT_INDEX)
    pdf.set_font("cjk", size=20)
    pdf.multi_cell(0, 14, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("cjk", size=13)
    for para in body.splitlines():
        pdf.multi_cell(0, 9, para, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
