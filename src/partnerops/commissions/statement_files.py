"""A statement as files: CSV (one row per line), a printable HTML page (print CSS, no outside assets) and a
PDF (fpdf2, with the DejaVu Sans font matplotlib ships, so any name prints and nothing is downloaded)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace
from jinja2 import Environment, PackageLoader, select_autoescape

from partnerops.commissions.statements import Statement, StatementLine
from partnerops.domain.spreadsheet import safe_writer

__all__ = ["STATEMENT_COLUMNS", "statement_csv", "statement_html", "statement_pdf"]

STATEMENT_COLUMNS = ("line", "booked_on", "kind", "deal", "tier", "revenue", "rate", "amount", "currency", "memo",
                     "reason", "dispute")  # fmt: skip

_environment = Environment(
    loader=PackageLoader("partnerops.commissions", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def statement_csv(statement: Statement) -> str:
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(STATEMENT_COLUMNS)
    for line in statement.lines:
        writer.writerow([
            line.entry_id, line.booked_on.isoformat(), line.kind, line.deal or "", line.tier or "",
            line.revenue.amount if line.revenue else "", f"{line.rate:.4f}" if line.rate is not None else "",
            line.amount.amount, line.amount.currency, line.memo, line.reason or "", line.dispute_status or "",
        ])  # fmt: skip
    return out.getvalue()


def statement_html(statement: Statement) -> str:
    """A standalone page: it prints on A4 with the table's header repeated on every page."""
    template = _environment.get_template("statement.html.j2")
    return template.render(statement=statement, generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))


_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# Landscape A4: line, date, kind, deal, tier, revenue, rate, amount, detail (fractions of the width).
_PDF_WIDTHS = (6, 10, 9, 22, 8, 13, 7, 13, 40)
_PDF_HEADINGS = ("Line", "Date", "Kind", "Deal", "Tier", "Revenue", "Rate", "Amount", "Detail")
_RIGHT = {5, 6, 7}


def statement_pdf(statement: Statement) -> bytes:
    """The statement as a PDF: balances, then every line, the table's heading repeated on each page."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(f"Commission statement {statement.period.label} - {statement.partner_name}")
    pdf.add_font("DejaVu", "", str(_FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(text=f"Commission statement — {statement.partner_name}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    pdf.cell(text=f"Period {statement.period.label} ({statement.period.start} to {statement.period.end}) · "
                  f"generated {generated}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    currencies = sorted(set(statement.opening) | set(statement.closing))
    with pdf.table(col_widths=(20, 30, 30), width=90, align="LEFT", text_align=("LEFT", "RIGHT", "RIGHT"),
                   headings_style=FontFace(emphasis="BOLD")) as table:
        table.row(("Currency", "Opening", "Closing"))
        for currency in currencies:
            table.row((currency, str(statement.opening.get(currency, "0")), str(statement.closing.get(currency, "0"))))
    if not currencies:
        pdf.cell(text="Nothing owed.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    aligns = tuple("RIGHT" if i in _RIGHT else "LEFT" for i in range(len(_PDF_HEADINGS)))
    with pdf.table(col_widths=_PDF_WIDTHS, text_align=aligns, repeat_headings=1,
                   headings_style=FontFace(emphasis="BOLD")) as table:
        table.row(_PDF_HEADINGS)
        for line in statement.lines:
            table.row(_pdf_cells(line))
    if not statement.lines:
        pdf.cell(text="No lines in this period.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _pdf_cells(line: StatementLine) -> tuple[str, ...]:
    detail = line.memo + (f" — {line.reason}" if line.reason else "")
    detail += f" (dispute: {line.dispute_status})" if line.dispute_status else ""
    return (str(line.entry_id), line.booked_on.isoformat(), line.kind, line.deal or "–", line.tier or "–",
            str(line.revenue) if line.revenue else "–", f"{line.rate * 100:.2f}%" if line.rate is not None else "–",
            str(line.amount), detail)
