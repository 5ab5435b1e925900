"""`partnerops import marketplace_transactions FILE --format aws|azure|gcp` as a user runs it: links from
--link and a mapping's `links:` section, the quarantined rows named, and the reseller touches it makes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, insert, select
from typer.testing import CliRunner

from ecosystem.ecosystem_kit import seed_records
from partnerops.cli.main import app
from partnerops.store.tables import accounts, opportunities, touches

runner = CliRunner()
EXPORTS = Path(__file__).parents[1] / "fixtures" / "exports"


def test_an_aws_import_links_buyers_and_makes_the_resellers_touch(cli_engine: Engine, tmp_path: Path) -> None:
    seed_records(cli_engine)
    with cli_engine.begin() as c:
        a2 = c.execute(select(accounts.c.id).where(accounts.c.external_id == "A2")).scalar_one()
        c.execute(insert(opportunities).values(source_system="csv", external_id="O1", account_id=a2, name="Widget",
                                               currency="USD", stage="Closed Won", outcome="won",
                                               created_on=date(2026, 1, 1), closed_on=date(2026, 3, 31)))
    mapping = tmp_path / "links.yaml"
    mapping.write_text('links:\n  "a2.example": A2\n  "999999999999": P-ACME\n', encoding="utf-8")
    args = ["import", "marketplace_transactions", str(EXPORTS / "aws" / "billed_revenue.csv"), "--format", "aws",
            "--ref", "account=csv", "--ref", "partner=csv", "--ref", "opportunity=csv",
            "--mapping", str(mapping), "--link", "111111111111=A1"]
    result = runner.invoke(app, args, terminal_width=250)
    output = " ".join(result.output.split())
    assert result.exit_code == 0, output
    assert "unknown account '333333333333'" in output
    assert "reseller touches (marketplace_transaction): 1 added, 0 updated, 0 deleted" in output
    with cli_engine.connect() as c:
        assert c.execute(select(touches.c.type, touches.c.status)).all() == [("marketplace_transaction",
                                                                             "confirmed")]
