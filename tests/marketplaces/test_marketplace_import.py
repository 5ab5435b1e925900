"""Importing AWS Marketplace, Microsoft commercial marketplace and Google Cloud Marketplace reports: linked rows
land with fee and payout date, unlinked ones are quarantined naming the value, a re-import changes nothing, and a
reseller's transactions on a deal become one marketplace_transaction touch. Figures are recounted from the files."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, insert, select

from ecosystem.ecosystem_kit import seed_records
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.service import import_file
from partnerops.marketplaces.touches import sync_touches
from partnerops.store.marketplace_tables import marketplace_transactions
from partnerops.store.tables import accounts, opportunities, quarantine, touches

EXPORTS = Path(__file__).parents[1] / "fixtures" / "exports"
AWS, AZURE, GCP = (EXPORTS / "aws" / "billed_revenue.csv", EXPORTS / "azure" / "transaction_history.csv",
                   EXPORTS / "gcp" / "detailed_disbursements.csv")
LINKS = {"111111111111": "A1", "a2.example": "A2", "999999999999": "P-ACME", "a3.example": "A3",
         "Bolt Systems": "P-BOLT", "gcp-acct-1": "A1", "Acme Cloud": "P-ACME"}
OPTIONS = ImportOptions(refs={"account": "csv", "partner": "csv", "opportunity": "csv"}, links=LINKS)


def _seed(engine: Engine) -> None:
    seed_records(engine)
    with engine.begin() as c:
        a2 = c.execute(select(accounts.c.id).where(accounts.c.external_id == "A2")).scalar_one()
        c.execute(insert(opportunities).values(source_system="csv", external_id="O1", account_id=a2, name="Widget",
                                               currency="USD", stage="Closed Won", outcome="won",
                                               created_on=date(2026, 1, 1), closed_on=date(2026, 3, 31)))


def _stored(engine: Engine) -> dict[str, tuple[object, ...]]:
    t, a = marketplace_transactions.c, accounts.c
    query = select(t.external_id, t.marketplace, a.external_id, t.offer_type, t.transacted_on, t.amount_minor,
                   t.fee, t.currency, t.disbursed_on, t.partner_id.is_not(None)).join(accounts, a.id == t.account_id)
    with engine.connect() as c:
        return {row[0]: tuple(row[1:]) for row in c.execute(query)}


def _kept(engine: Engine) -> list[tuple[int, str, str]]:
    q = quarantine.c
    with engine.connect() as c:
        return sorted(tuple(r) for r in c.execute(select(q.row_number, q.field, q.value)))


def _recount(path: Path, amount: str, linked: set[str], key: str) -> int:
    """Σ billed minor units over the file's rows whose buyer is linked, read with the csv module and Decimal."""
    with path.open(encoding="utf-8") as f:
        return sum(int(Decimal(r[amount]) * 100) for r in csv.DictReader(f)
                   if r[key] in linked and r[amount].lstrip("-").replace(".", "").isdigit())


def test_aws_billed_revenue_lands_linked_rows_and_quarantines_the_rest(engine: Engine) -> None:
    _seed(engine)
    first = import_file(engine, AWS, "marketplace_transactions", "aws", OPTIONS)
    second = import_file(engine, AWS, "marketplace_transactions", "aws", OPTIONS)
    stored = _stored(engine)
    assert stored["aws-t1"] == ("aws", "A1", "public", date(2026, 1, 5), 100000, 3000, "USD", date(2026, 2, 10),
                                False)
    assert stored["aws-t2"][2:] == ("channel_private", date(2026, 2, 5), 500000, 15000, "USD", None, True)
    assert stored["aws-t4"][4:6] == (20000, 600)
    assert (first.inserted, first.quarantined) == (4, 2)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 4)
    assert _kept(engine) == [(6, "account_id", "333333333333"), (7, "amount", "lots")]
    linked = {"111111111111", "222222222222"}
    with engine.connect() as c:
        t = marketplace_transactions.c
        net = sum(amount if entry == "charge" else -amount
                  for entry, amount in c.execute(select(t.entry, t.amount_minor)))
    assert net == _recount(AWS, "Gross Revenue", linked, "Customer AWS Account Number")


def test_azure_and_gcp_reports_land_with_fees_from_the_payout(engine: Engine) -> None:
    _seed(engine)
    azure = import_file(engine, AZURE, "marketplace_transactions", "azure", OPTIONS)
    gcp = import_file(engine, GCP, "marketplace_transactions", "gcp", OPTIONS)
    stored = _stored(engine)
    assert stored["az-e1"] == ("azure", "A3", "public", date(2026, 1, 10), 200000, 6000, "EUR", date(2026, 2, 15),
                               False)
    assert stored["az-e2"][2] == "channel_private"
    gcp_rows = sorted(v for k, v in stored.items() if v[0] == "gcp")
    assert gcp_rows == [
        ("gcp", "A1", "channel_private", date(2026, 2, 1), 90000, 2700, "USD", None, True),
        ("gcp", "A1", "public", date(2026, 1, 1), 40000, 1200, "USD", date(2026, 2, 28), False),
    ]
    assert (azure.quarantined, gcp.quarantined) == (1, 1)
    again = import_file(engine, GCP, "marketplace_transactions", "gcp", OPTIONS)
    assert (again.inserted, again.updated) == (0, 0)


def test_an_unlinked_buyer_is_quarantined_with_its_value_never_guessed(engine: Engine) -> None:
    _seed(engine)
    summary = import_file(engine, AZURE, "marketplace_transactions", "azure",
                          ImportOptions(refs={"account": "csv", "partner": "csv"}))
    assert summary.inserted == 0
    assert [k[1:] for k in _kept(engine)] == [("account_id", "7f3c2a10-0000-4000-8000-000000000001")] * 2 + [
        ("account_id", "7f3c2a10-0000-4000-8000-00000000dead")]


def test_reseller_transactions_on_a_deal_make_one_touch_that_follows_deletions(engine: Engine,
                                                                               tmp_path: Path) -> None:
    _seed(engine)
    import_file(engine, AWS, "marketplace_transactions", "aws", OPTIONS)
    with engine.begin() as c:
        made = sync_touches(c, "aws")
        again = sync_touches(c, "aws")
    assert (made.inserted, again.inserted, again.updated, again.deleted) == (1, 0, 0, 0)
    with engine.connect() as c:
        row = c.execute(select(touches.c.type, touches.c.touched_on, touches.c.status, touches.c.deleted_at)).one()
    assert tuple(row) == ("marketplace_transaction", date(2026, 2, 5), "confirmed", None)
    gone = tmp_path / "gone.csv"
    text = AWS.read_text(encoding="utf-8").splitlines()
    header = text[0] + ",is_deleted"
    gone.write_text("\n".join([header, text[2] + ",true", text[3] + ",true"]) + "\n", encoding="utf-8")
    import_file(engine, gone, "marketplace_transactions", "aws", OPTIONS)
    with engine.begin() as c:
        assert sync_touches(c, "aws").deleted == 1


def test_syncs_racing_each_other_make_the_touch_once(engine: Engine) -> None:
    from concurrency.race import losers, race

    _seed(engine)
    import_file(engine, AWS, "marketplace_transactions", "aws", OPTIONS)

    def sync(_: int) -> int:
        with engine.begin() as c:
            return sync_touches(c, "aws").inserted

    results = race(sync, 4)
    assert losers(results) == []
    assert sum(results) == 1
    with engine.connect() as c:
        assert len(c.execute(select(touches.c.id)).all()) == 1
