"""Text encodings: UTF-8 with a BOM, Latin-1, and an explicit --encoding."""

from __future__ import annotations

from ingest.ingest_kit import ImportBench


def test_utf8_bom_is_detected_and_the_first_header_still_matches(db: ImportBench) -> None:
    summary = db.load_text("a.csv", "\ufeffid,name\nA1,Zoë\n".encode(), "accounts")
    assert summary.encoding == "utf-8-sig"
    assert db.rows("accounts")[0]["name"] == "Zoë"


def test_latin1_file_is_detected_and_decoded(db: ImportBench) -> None:
    summary = db.load_text("a.csv", "id,name\nA1,Société Générale\n".encode("latin-1"), "accounts")
    assert summary.encoding == "latin-1"
    assert db.rows("accounts")[0]["name"] == "Société Générale"


def test_windows_1252_euro_sign_is_detected(db: ImportBench) -> None:
    summary = db.load_text("a.csv", "id,name\nA1,Euro € Shop\n".encode("cp1252"), "accounts")
    assert summary.encoding == "cp1252" and db.rows("accounts")[0]["name"] == "Euro € Shop"


def test_encoding_option_overrides_detection(db: ImportBench) -> None:
    summary = db.load_text("a.csv", "id,name\nA1,Ça\n".encode("utf-16"), "accounts", encoding="utf-16")
    assert summary.encoding == "utf-16" and db.rows("accounts")[0]["name"] == "Ça"
