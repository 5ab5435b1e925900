"""Importing program documents: Markdown, HTML and PDF into passages under headings; idempotent; bad files
quarantined with the reason."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, select

from assistant.program_world import sample_documents
from partnerops.assistant.document_import import import_documents
from partnerops.assistant.document_store import document_passage_rows, list_documents
from partnerops.assistant.documents import read_document
from partnerops.assistant.passages import MAX_WORDS, passages_of
from partnerops.store.assistant_tables import document_passages
from partnerops.store.tables import quarantine


def pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose page shows `lines` (written by hand: the offsets in the xref table are computed)."""
    text = " ".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 12 Tf 14 TL 72 720 Td {text} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_markdown_sections_keep_their_headings_and_anchors() -> None:
    parsed = read_document(Path("guide.md"), b"# Guide\n\nIntro.\n\n## Deal registration\n\nRegister early.\n")
    assert parsed.title == "Guide"
    assert [(s.heading, s.anchor, s.text) for s in parsed.sections] == [
        ("Guide", "guide", "Intro."), ("Deal registration", "deal-registration", "Register early.")
    ]


def test_html_sections_use_the_headings_own_ids_and_drop_scripts() -> None:
    html = b"<html><head><title>Policy</title><script>alert(1)</script></head><body><h2 id='mdf'>MDF</h2>" \
           b"<p>Funds are 5%.</p><ul><li>Events</li></ul></body></html>"
    parsed = read_document(Path("policy.html"), html)
    assert parsed.title == "Policy"
    assert [(s.heading, s.anchor, s.text) for s in parsed.sections] == [("MDF", "mdf", "Funds are 5%.\nEvents")]


def test_a_pdf_page_becomes_a_section_anchored_on_its_page() -> None:
    parsed = read_document(Path("rules.pdf"), pdf_with_text(["Registrations expire after 90 days."]))
    assert parsed.sections[0].anchor == "page=1"
    assert "Registrations expire after 90 days." in parsed.sections[0].text


def test_long_sections_are_cut_into_passages_no_longer_than_the_limit() -> None:
    body = "\n\n".join(" ".join(["word"] * 50) for _ in range(7))
    parsed = read_document(Path("long.md"), f"# Long\n\n{body}\n".encode())
    passages = passages_of(parsed)
    assert len(passages) > 1
    assert all(len(p.text.split()) <= MAX_WORDS and p.heading == "Long" for p in passages)


def test_importing_the_sample_documents_twice_changes_nothing_the_second_time(engine: Engine) -> None:
    first = import_documents(engine, sample_documents())
    with engine.connect() as conn:
        passages = conn.execute(select(func.count()).select_from(document_passages)).scalar_one()
    second = import_documents(engine, sample_documents())
    with engine.connect() as conn:
        again = conn.execute(select(func.count()).select_from(document_passages)).scalar_one()
    assert len(first.inserted) == 5 and passages > 20
    assert second.unchanged == first.inserted and not second.inserted and again == passages


def test_an_edited_document_replaces_its_passages(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nOld text.\n")
    import_documents(engine, [path])
    path.write_text("# Notes\n\nNew text.\n")
    result = import_documents(engine, [path])
    with engine.connect() as conn:
        rows = document_passage_rows(conn, list_documents(conn)[0].id)
    assert result.updated == ["notes.md"]
    assert [r["text"] for r in rows] == ["New text."]


def test_bad_files_are_quarantined_once_with_the_reason_and_good_ones_still_land(engine: Engine,
                                                                                 tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("# Good\n\nFine.\n")
    (tmp_path / "slides.pptx").write_bytes(b"PK")
    (tmp_path / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    (tmp_path / "empty.html").write_text("<html><body></body></html>")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    paths = sorted(tmp_path.iterdir())
    result = import_documents(engine, paths)
    import_documents(engine, paths)
    reasons = {problem.path.name: problem.reason for problem in result.quarantined}
    with engine.connect() as conn:
        kept = conn.execute(select(quarantine.c.value, quarantine.c.reason)).all()
    assert result.inserted == ["good.md"]
    assert "unsupported file type .pptx" in reasons["slides.pptx"]
    assert "not UTF-8" in reasons["latin1.md"]
    assert reasons["empty.html"] == "the document has no text"
    assert "not a readable PDF" in reasons["broken.pdf"]
    assert sorted(value for value, _ in kept) == sorted(reasons)
