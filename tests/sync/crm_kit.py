"""What the sync tests share: the secret key, retries without waiting, an org bench and the seeded CRM data."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, update

from partnerops.store.tables import metadata
from partnerops.sync.service import SyncOptions, run_push, run_sync
from partnerops.sync.transport import RetryPolicy
from sync.fake_hubspot import FakeHubSpot
from sync.fake_salesforce import FakeSalesforce
from sync.fake_server import FakeServer

KEY = os.urandom(32)
# Retries without waiting: the tests judge what a retry does, never how long it took.
FAST = RetryPolicy(attempts=4, backoff=0.0, max_wait=0.0)


@dataclass
class Org:
    """A fake CRM behind a real server, with a PartnerOps database and a connection to it."""

    crm: Any
    server: FakeServer
    engine: Engine
    name: str

    def sync(self, **options: Any) -> Any:
        return run_sync(self.engine, self.name, KEY, SyncOptions(retry=FAST, **options))

    def push(self) -> Any:
        return run_push(self.engine, self.name, KEY, "https://partnerops.example", SyncOptions(retry=FAST))

    def attribute(self) -> None:
        from partnerops.attribution.service import run_attribution

        run_attribution(self.engine)

    def use_mapping(self, path: Path) -> None:
        connections = metadata.tables["sync_connections"]
        with self.engine.begin() as conn:
            conn.execute(update(connections).where(connections.c.name == self.name).values(mapping_path=str(path)))

    def rows(self, table: str, *columns: str) -> list[tuple[Any, ...]]:
        t = metadata.tables[table]
        chosen = [t.c[c] for c in columns] if columns else list(t.c)
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(*chosen).order_by(*chosen))]

    def live(self, table: str) -> list[str]:
        t = metadata.tables[table]
        with self.engine.connect() as conn:
            query = select(t.c.external_id).where(t.c.deleted_at.is_(None)).order_by(t.c.external_id)
            return list(conn.execute(query).scalars())


def seed_salesforce(org: FakeSalesforce) -> None:
    """Two customers, a partner, two deals, one partner link."""
    org.put("Account", "001A", Name="Acme Corp", Website="acme.example", BillingCountry="US", IsPartner=False)
    org.put("Account", "001B", Name="Beta GmbH", Website="beta.example", BillingCountry="DE", IsPartner=False)
    org.put("Account", "001P", Name="Cloud Partners", Website="cloudpartners.example", IsPartner=True,
            Partner_Type__c="reseller", Partner_Tier__c="Gold", **{"Owner.Name": "Pat Lee"})
    for record_id, account, amount, stage in (("006A", "001A", 48000.0, "Closed Won"),
                                              ("006B", "001B", 12500.0, "Prospecting")):
        org.put("Opportunity", record_id, AccountId=account, Name=f"Deal {record_id}", Amount=amount,
                CurrencyIsoCode="USD", StageName=stage, CreatedDate="2026-03-02T10:15:00.000+0000",
                CloseDate="2026-05-30", IsClosed=stage == "Closed Won", IsWon=stage == "Closed Won",
                Type="New Business", **{"Owner.Name": "Dana Smith"})
    org.put("OpportunityPartner", "00KA", OpportunityId="006A", AccountToId="001P", Role="Reseller",
            CreatedDate="2026-03-05T09:00:00.000+0000", IsPrimary=True)


def seed_hubspot(portal: FakeHubSpot) -> None:
    """Two customers, a partner, two deals each with its primary company."""
    portal.put("companies", "901", name="Acme Corp", domain="acme.example", country="US", type="PROSPECT")
    portal.put("companies", "902", name="Beta GmbH", domain="beta.example", country="DE", type="CUSTOMER")
    portal.put("companies", "950", name="Cloud Partners", domain="cloudpartners.example", type="PARTNER",
                partner_type="reseller", partner_tier="Gold")
    for deal, company, amount, stage in (("512", "901", "48000", "closedwon"), ("513", "902", "12500", "qualified")):
        portal.put("deals", deal, dealname=f"Deal {deal}", amount=amount, dealstage=stage,
                   closedate="2026-05-30T00:00:00Z", createdate="2026-03-02T10:15:00.000Z", deal_currency_code="USD",
                   hs_is_closed=str(stage == "closedwon").lower(), hs_is_closed_won=str(stage == "closedwon").lower())
        portal.associate("deals", deal, "companies", company, 5, "Primary")


def secret_key_text() -> str:
    return base64.b64encode(KEY).decode()
