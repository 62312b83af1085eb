"""PDFs for tests: a result document as a clerk's office would make it, and the text a PDF library reads."""
from __future__ import annotations

import io
import re

from fpdf import FPDF
from pypdf import PdfReader

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def result_pdf(title: str, lines: list[str]) -> bytes:
    """An A4 PDF with a Chinese title and lines (the font embedded, so the text can be read back)."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("cjk", fname=FONT, collection_font_number=2)
    pdf.set_font("cjk", size=18)
    pdf.multi_cell(0, 12, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def text_of(data: bytes) -> str:
    """The text of every page as pypdf reads it, without whitespace and the NULs pypdf leaves between the
    two-byte glyph codes of fpdf2's CID fonts, so that two renderings of the same words compare equal."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"[\s\x00]+", "", "".join(page.extract_text() or "" for page in reader.pages))
