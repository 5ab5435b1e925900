"""`report ecosystem` shows the revenue billed through each marketplace: the figures equal a plain recount of the
three fixture files (charges less refunds, fees, net, disbursed; EUR at the planted rate) on both databases."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from ecosystem.ecosystem_world import EUR_RATE, plant
from partnerops.cli.main import app
from partnerops.ecosystem.report import EcosystemOptions, ecosystem_report
from partnerops.ingest.options import ImportOptions
from partnerops.ingest.service import import_file

EXPORTS = Path(__file__).parents[1] / "fixtures" / "exports"
LINKED = {"111111111111", "222222222222", "7f3c2a10-0000-4000-8000-000000000001", "gcp-acct-1"}
LINKS = {"111111111111": "A1", "a2.example": "A2", "999999999999": "P-ACME", "a3.example": "A3",
         "Bolt Systems": "P-BOLT", "gcp-acct-1": "A1", "Acme Cloud": "P-ACME"}
OPTIONS = ImportOptions(refs={"account": "csv", "partner": "csv", "opportunity": "csv"}, links=LINKS)
# marketplace -> (file, buyer, amount, fee or None, net or None, private flag, reseller, currency, paid on)
FILES = {
    "aws": ("aws/billed_revenue.csv", "Customer AWS Account Number", "Gross Revenue", "Listing Fee", None,
            "Offer Visibility", "Reseller Name", "Currency", "Disbursement Date"),
    "azure": ("azure/transaction_history.csv", "customerId", "transactionAmount", None, "earningAmount",
              "isPrivateOffer", "resellerName", "transactionCurrency", "paymentSentDate"),
    "gcp": ("gcp/detailed_disbursements.csv", "account_id", "customer_charges", "marketplace_fee", None,
            "private_offer_id", "reseller_name", "currency", "payout_date"),
}  # fmt: skip


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def recount() -> dict[tuple[str, str], tuple[int, Decimal, Decimal, Decimal]]:
    """(marketplace, offer) -> (transactions, billed, fees, disbursed net) in USD, from the files themselves."""
    found: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    for market, (name, buyer, amount, fee, net, private, reseller, currency, paid) in FILES.items():
        with (EXPORTS / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                billed = _number(row[amount])
                if row[buyer] not in LINKED or billed is None:
                    continue
                kept = abs(Decimal(row[fee])) if fee else abs(billed - Decimal(row[net or ""]))
                kept = -kept if billed < 0 else kept
                rate = EUR_RATE if row[currency] == "EUR" else Decimal(1)
                offer = ("channel_private" if row[reseller] else
                         "private" if row[private].lower() in ("private", "true") or (market == "gcp" and row[private])
                         else "public")  # fmt: skip
                totals = found[(market, offer)]
                totals[0] += 1
                totals[1] += billed * rate
                totals[2] += kept * rate
                totals[3] += (billed - kept) * rate if row[paid] else Decimal(0)
    return {key: (int(v[0]), v[1], v[2], v[3]) for key, v in found.items()}


def test_the_report_shows_marketplace_revenue_as_the_files_recount_it(engine: Engine) -> None:
    plant(engine)
    for market in FILES:
        import_file(engine, EXPORTS / FILES[market][0], "marketplace_transactions", market, OPTIONS)
    report = ecosystem_report(engine, EcosystemOptions(as_of=date(2026, 12, 31), draws=0))
    shown = {(m.marketplace, m.offer_type): (m.transactions, m.billed.amount, m.fees.amount, m.disbursed.amount)
             for m in report.marketplaces}
    assert shown == recount()
    assert all(m.net.amount == m.billed.amount - m.fees.amount for m in report.marketplaces)


def test_the_terminal_and_csv_show_the_marketplace_lines(cli_engine: Engine) -> None:
    plant(cli_engine)
    import_file(cli_engine, EXPORTS / FILES["aws"][0], "marketplace_transactions", "aws", OPTIONS)
    runner = CliRunner()
    base = ["report", "ecosystem", "--as-of", "2026-12-31", "--draws", "0"]
    table = runner.invoke(app, base, terminal_width=250)
    assert table.exit_code == 0, table.output
    assert "Revenue through cloud marketplaces" in table.output and "AWS Marketplace" in table.output
    tidy = runner.invoke(app, [*base, "--format", "csv"], terminal_width=250)
    assert "marketplace,aws,channel_private,channel_private,billed,10000.00,,,USD" in tidy.output
