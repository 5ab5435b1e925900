"""Files that are not the clean comma-separated UTF-8 an importer hopes for: refused with one line naming the user's
file (and line) with nothing written, or read correctly (other delimiters, UTF-16), or landed without the bad row."""

from __future__ import annotations

import csv
import gzip
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from ingest.ingest_kit import ACCOUNTS, ImportBench
from partnerops.cli.main import app
from partnerops.ingest.checks import FIELD
from partnerops.ingest.errors import UnreadableFile
from partnerops.ingest.reader import open_export

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exports" / "bad"


def fixture(db: ImportBench, name: str) -> Path:
    """A copy of the fixture in the test's folder, so that the file an error names is the one given."""
    return Path(shutil.copy(FIXTURES / name, db.folder / name))


def refused(db: ImportBench, path: Path, kind: str = "accounts") -> str:
    with pytest.raises(UnreadableFile) as caught:
        db.load(path, kind)
    return str(caught.value)


def nothing_written(db: ImportBench) -> bool:
    with db.engine.connect() as conn:
        counts = [conn.execute(text(f"select count(*) from {table}")).scalar_one()
                  for table in ("accounts", "opportunities", "quarantine", "import_batches")]
    return counts == [0, 0, 0, 0]


def test_directory_is_refused_as_a_directory(db: ImportBench) -> None:
    folder = db.folder / "exports"
    folder.mkdir()
    assert refused(db, folder) == f"{folder}: is a directory, not an export file: give the path of a CSV or JSON file"
    assert nothing_written(db)


def test_xlsx_workbook_is_refused_naming_its_zip_header(db: ImportBench) -> None:
    path = db.folder / "accounts.csv"
    with zipfile.ZipFile(path, "w") as workbook:
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    assert refused(db, path) == (f"{path}: not a text file: it starts with PK\\x03\\x04: a ZIP archive (an .xlsx "
                                 "workbook?): export it as CSV")
    assert nothing_written(db)


@pytest.mark.parametrize(("content", "header", "what"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "%PDF-", "a PDF document: export it as CSV"),
    (gzip.compress(ACCOUNTS.encode()), "\\x1f\\x8b", "gzip-compressed data: decompress it first"),
    (bytes(range(256)) * 4, "\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07", "are not text: export it as CSV or JSON"),
])
def test_binary_file_is_refused_naming_what_it_starts_with(db: ImportBench, content: bytes, header: str,
                                                           what: str) -> None:
    path = db.write("accounts.csv", content)
    message = refused(db, path)
    assert message.startswith(f"{path}: not a text file: it starts with {header}") and message.endswith(what)
    assert nothing_written(db)


def test_sqlite_database_is_refused_as_a_database(db: ImportBench) -> None:
    path = db.folder / "crm.csv"
    with sqlite3.connect(path) as database:
        database.execute("create table accounts (id text)")
    assert "it starts with SQLite format 3\\x00: an SQLite database" in refused(db, path)
    assert nothing_written(db)


def test_semicolon_file_lands_like_a_comma_file(db: ImportBench) -> None:
    summary = db.load(fixture(db, "accounts_semicolon.csv"), "accounts")
    assert (summary.delimiter, summary.inserted, summary.quarantined) == (";", 3, 0)
    assert [(a["external_id"], a["name"], a["country"]) for a in db.rows("accounts")] == [
        ("A1", "Müller, Schmidt & Co", "DE"), ("A2", "Dupont; Fils", "FR"), ("A3", "Nordlicht AG", "DE")]


def test_tab_separated_opportunities_land_with_their_amounts(db: ImportBench) -> None:
    summary = db.with_accounts().load(fixture(db, "opportunities_tab.tsv"), "opportunities")
    assert (summary.delimiter, summary.inserted, summary.quarantined) == ("\t", 2, 0)
    deals = db.rows("opportunities")
    assert [(d["name"], d["amount_minor"], d["currency"]) for d in deals] == [
        ("Renewal, 2026", 1_200_000, "EUR"), ("Pilot", 450_050, "USD")]


def test_pipe_separated_file_lands(db: ImportBench) -> None:
    summary = db.load(fixture(db, "accounts_pipe.csv"), "accounts")
    assert summary.delimiter == "|"
    assert [a["name"] for a in db.rows("accounts")] == ["Acme, Inc.", "Beta; Labs"]


def test_export_reports_the_delimiter_it_read() -> None:
    path = FIXTURES / "accounts_semicolon.csv"
    export = open_export(path, path, "utf-8", 100)
    assert export.delimiter == ";" and export.header[:2] == ["id", "name"]


def test_excel_unicode_text_is_read_as_utf16_with_tabs(db: ImportBench) -> None:
    summary = db.load(fixture(db, "accounts_excel_unicode_text.txt"), "accounts")
    assert (summary.encoding, summary.delimiter, summary.inserted) == ("utf-16", "\t", 2)
    assert [(a["name"], a["country"]) for a in db.rows("accounts")] == [("Zoë Systems", "FR"),
                                                                          ("Ångström AB", "SE")]


def test_utf16_without_bom_is_detected_from_its_nul_bytes(db: ImportBench) -> None:
    summary = db.load(fixture(db, "accounts_utf16be_no_bom.csv"), "accounts")
    assert summary.encoding == "utf-16-be" and db.rows("accounts")[0]["name"] == "Zoë Systems"


def test_unclosed_quote_is_refused_naming_the_line_it_opens_on(db: ImportBench) -> None:
    path = fixture(db, "accounts_unclosed_quote.csv")
    message = refused(db, path)
    assert message.startswith(f"{path}: line 4: a quoted value opens here and its closing quote is missing")
    assert "\n" not in message and nothing_written(db)


def test_unclosed_quote_in_the_last_column_is_refused_though_the_row_fits_the_header(db: ImportBench) -> None:
    path = fixture(db, "accounts_unclosed_quote_last_column.csv")
    assert refused(db, path).startswith(f"{path}: line 3: a quoted value opens here")
    assert nothing_written(db)


def test_unclosed_quote_is_found_when_a_stray_inch_mark_evens_the_quote_count(db: ImportBench) -> None:
    path = db.write("accounts.csv", ACCOUNTS + 'A3,Gamma 27" Displays,g.io,SMB,NA,US\nA4,"Delta,d.io,SMB,NA,US\n'
                    "A5,Epsilon,e.io,SMB,NA,US\n")
    assert refused(db, path).startswith(f"{path}: line 5: a quoted value opens here")
    assert db.rows("accounts") == [] and db.quarantined() == []


def test_error_in_a_utf16_file_names_the_users_file_not_its_utf8_copy(db: ImportBench) -> None:
    content = (FIXTURES / "accounts_unclosed_quote.csv").read_text(encoding="utf-8").encode("utf-16")
    path = db.write("accounts-utf16.csv", content)
    assert refused(db, path).startswith(f"{path}: line 4: ")


def test_quoted_value_over_two_lines_and_a_stray_inch_mark_still_land(db: ImportBench) -> None:
    summary = db.load(fixture(db, "accounts_multiline_value.csv"), "accounts")
    assert (summary.inserted, summary.quarantined) == (3, 0)
    assert [a["name"] for a in db.rows("accounts")] == ["Acme\nHoldings", 'Beta 27" Displays',
                                                         'Gamma "The Original"']


def test_row_with_a_nul_byte_is_quarantined_and_the_others_land(db: ImportBench) -> None:
    summary = db.load(fixture(db, "accounts_nul_byte.csv"), "accounts")
    assert (summary.rows_read, summary.inserted, summary.quarantined) == (4, 3, 1)
    assert [a["external_id"] for a in db.rows("accounts")] == ["A1", "A3", "A4"]
    [entry] = db.quarantined()
    assert (entry["row_number"], entry["field"], entry["reason"], entry["value"]) == (
        3, "name", "contains a NUL byte", "Be\u2400ta")
    assert entry["raw"]["name"] == "Be\u2400ta" and "\x00" not in str(entry["raw"])


def test_nul_byte_in_a_json_value_is_quarantined_too(db: ImportBench) -> None:
    path = db.write("accounts.json", '[{"id": "A1", "name": "Ac\\u0000me"}, {"id": "A2", "name": "Beta"}]')
    summary = db.load(path, "accounts")
    assert (summary.inserted, summary.quarantined) == (1, 1)
    assert db.quarantined()[0]["value"] == "Ac\u2400me"


def test_json_object_that_is_not_a_list_says_what_it_found(db: ImportBench) -> None:
    path = fixture(db, "accounts_not_a_list.json")
    assert refused(db, path) == (f'{path}: expected a JSON list of objects or {{"records": [...]}}, found an object '
                                 "without a \"records\" list (its keys: 'data', 'paging')")
    assert nothing_written(db)


def test_json_list_with_an_item_that_is_not_an_object_names_the_item(db: ImportBench) -> None:
    path = fixture(db, "accounts_list_of_ids.json")
    assert refused(db, path).endswith("found a list whose item 2 is a string")


def test_json_error_in_a_transcoded_file_names_the_users_file(db: ImportBench) -> None:
    path = db.write("accounts.json", '{"id": "A1"}\n{"id": "A2"}\n'.encode("utf-16"))
    message = refused(db, path)
    assert message.startswith(f"{path}: not readable JSON: Extra data: line 2") and "one JSON value per line" in message


def test_file_of_100000_columns_reads_only_the_columns_the_import_uses(db: ImportBench) -> None:
    unused = [f"custom_{i}" for i in range(99_998)]
    lines = [",".join(["id", "name", *unused])]
    lines += [",".join([f"A{row}", f"Account {row}", *("x" * len(unused))]) for row in range(3)]
    path = db.write("wide.csv", "\n".join(lines) + "\n")
    export = open_export(path, path, "utf-8", 100)
    assert len(export.header) == 100_000
    assert [chunk.width for chunk in export.chunks(["id", "name"])] == [7]  # id, name, row number, error columns
    assert db.load(path, "accounts").inserted == 3


def test_cli_names_a_directory_and_a_binary_file_in_one_line_with_exit_code_2(cli_engine: Engine,
                                                                              tmp_path: Path) -> None:
    workbook = tmp_path / "accounts.xlsx"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    for path, said in ((tmp_path, "is a directory"), (workbook, "not a text file: it starts with PK\\x03\\x04")):
        result = CliRunner().invoke(app, ["import", "accounts", str(path)])
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and said in lines[0] and "Traceback" not in result.output


CELLS = st.text(alphabet='ab Z,;\t|"\n', max_size=8)
PLAIN = st.text(alphabet="ab Z", max_size=8)


def written(path: Path, delimiter: str, rows: list[list[str]], newline: str = "\n") -> str:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return path.read_text(encoding="utf-8")


@settings(max_examples=60, deadline=None)
@given(delimiter=st.sampled_from([",", ";", "\t", "|"]), width=st.integers(2, 5),
       newline=st.sampled_from(["\n", "\r\n"]), data=st.data())
def test_any_well_formed_table_reads_back_exactly_whatever_its_delimiter(delimiter: str, width: int, newline: str,
                                                                        data: st.DataObject) -> None:
    header = [f"column {i}" for i in range(width)]
    # Python's csv writer leaves a carriage return unquoted unless it ends its lines with one.
    cells = st.text(alphabet='ab Z,;\t|"\n\r', max_size=8) if newline == "\r\n" else CELLS
    rows = data.draw(st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=6))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        written(path, delimiter, [header, *rows], newline)
        export = open_export(path, path, "utf-8", 100)
        [frame] = list(export.chunks(header))
    assert export.delimiter == delimiter and frame[FIELD].is_null().all()
    assert frame.select(header).rows() == [tuple(cell or None for cell in row) for row in rows]


@settings(max_examples=60, deadline=None)
@given(delimiter=st.sampled_from([",", ";", "\t", "|"]), width=st.integers(2, 4), data=st.data())
def test_a_quote_left_open_anywhere_is_refused_naming_its_line(delimiter: str, width: int,
                                                              data: st.DataObject) -> None:
    header = [f"column {i}" for i in range(width)]
    # Not drawn: a later quoted value that starts with a delimiter, a line break or a quote. Its opening quote can
    # close the open one as cleanly as a real closing quote would, and then no reader can tell where it began.
    cells = CELLS.filter(lambda cell: cell[:1] not in tuple('",;\t|\n'))
    rows = st.lists(st.lists(cells, min_size=width, max_size=width), max_size=4)
    before, after = data.draw(rows), data.draw(rows)
    broken = data.draw(st.lists(PLAIN, min_size=width, max_size=width))
    broken[data.draw(st.integers(0, width - 1))] = '"' + data.draw(PLAIN)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        good = written(path, delimiter, [header, *before])
        path.write_text(good + delimiter.join(broken) + "\n" + written(path, delimiter, after), encoding="utf-8")
        with pytest.raises(UnreadableFile) as caught:
            list(open_export(path, path, "utf-8", 100).chunks(header))
    assert str(caught.value).startswith(f"{path}: line {good.count(chr(10)) + 1}: a quoted value opens")


def test_unclosed_quote_closed_by_a_later_quoted_value_is_refused_not_merged(db: ImportBench) -> None:
    path = db.write("accounts.csv", ACCOUNTS + 'A3,"Gamma, Inc,g.io,SMB,NA,US\nA4,Delta,d.io,SMB,NA,US\n'
                    'A5,"Epsilon, Ltd",e.io,SMB,NA,CA\n')
    assert refused(db, path).startswith(f"{path}: line 4: a quoted value opens here")
    assert nothing_written(db)


def test_text_after_a_closing_quote_on_its_own_line_is_read_as_before(db: ImportBench) -> None:
    summary = db.load_text("accounts.csv", ACCOUNTS + 'A3,"Gamma" Inc,g.io,SMB,NA,US\nA4,Delta 27" TV,d.io,SMB,NA,US\n',
                           "accounts")
    assert summary.inserted == 4 and [a["name"] for a in db.rows("accounts")][2:] == ["Gamma Inc", 'Delta 27" TV']
