"""Approved deal registrations created in the CRM when the mapping says so: the company first when the CRM has none,
the deal in the configured stage, then re-keyed here so the next pull updates it rather than adding a second."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from partnerops.store.registration_tables import registrations
from partnerops.store.tables import accounts, opportunities, partners, touches
from partnerops.sync.mapping import default_mapping_path
from sync.crm_kit import Org


def _creating(org: Org, tmp_path: Path, stage: str) -> None:
    text = default_mapping_path(org.name).read_text().replace("# registrations:\n#   create_in_stage:",
                                                               "registrations:\n  create_in_stage:")
    path = tmp_path / "mapping.yaml"
    path.write_text(text.replace("create_in_stage: Prospecting", f"create_in_stage: {stage}")
                    .replace("create_in_stage: appointmentscheduled", f"create_in_stage: {stage}"))
    org.use_mapping(path)


def _registered(org: Org, partner: str, account: str | None, company: str) -> int:
    """An approved registration whose deal exists only in PartnerOps (as approval makes it), with its touch."""
    now = datetime.now(UTC)
    with org.engine.begin() as conn:
        partner_id = conn.execute(select(partners.c.id).where(partners.c.external_id == partner)).scalar_one()
        account_id = conn.execute(select(accounts.c.id).where(accounts.c.external_id == account)).scalar() if account \
            else conn.execute(insert(accounts).values(source_system="partnerops", external_id=f"reg-account-{company}",
                                                      name=company, domain=f"{company.lower()}.example")
                              .returning(accounts.c.id)).scalar_one()
        deal = conn.execute(insert(opportunities).values(
            source_system="partnerops", external_id=f"reg-opportunity-{company}", account_id=account_id,
            name=f"{company} (deal registration)", amount_minor=2_500_000, currency="USD", stage="Registered",
            outcome="open", created_on=date(2026, 6, 1), expected_close_on=date(2026, 9, 30),
        ).returning(opportunities.c.id)).scalar_one()
        conn.execute(insert(registrations).values(
            partner_id=partner_id, company_name=company, status="approved", account_id=account_id,
            opportunity_id=deal, conflicts=[], rules_version="1", submitted_at=now, respond_by=now + timedelta(days=2),
            expires_on=date(2026, 12, 31)))
        conn.execute(insert(touches).values(source_system="partnerops", external_id=f"registration-{company}",
                                            partner_id=partner_id, opportunity_id=deal, type="deal_registration",
                                            touched_on=date(2026, 6, 1), status="confirmed"))
    return int(deal)


def _key(org: Org, deal: int) -> tuple[str, str]:
    with org.engine.connect() as conn:
        row = conn.execute(select(opportunities.c.source_system, opportunities.c.external_id)
                           .where(opportunities.c.id == deal)).one()
    return row[0], row[1]


def test_a_registered_deal_and_its_new_company_are_created_in_salesforce_once(salesforce: Org, tmp_path: Path) -> None:
    salesforce.sync()
    _creating(salesforce, tmp_path, "Prospecting")
    deal = _registered(salesforce, "001P", None, "Gamma")
    report = salesforce.push()
    assert report.counts["registered deals"] == {"created": 1, "failed": 0}, report.problems
    system, crm_id = _key(salesforce, deal)
    created = salesforce.crm.records["Opportunity"][crm_id]
    assert system == "salesforce" and created["StageName"] == "Prospecting" and created["Amount"] == "25000.00"
    assert salesforce.crm.records["Account"][created["AccountId"]]["Name"] == "Gamma"
    # The next pull updates the same deal (the CRM now owns its stage); a second push creates nothing.
    salesforce.sync()
    assert len(salesforce.live("opportunities")) == 3 and crm_id in salesforce.live("opportunities")
    assert ("Prospecting",) in salesforce.rows("opportunities", "stage")
    assert salesforce.push().counts["registered deals"] == {"created": 0, "failed": 0}
    assert len(salesforce.crm.records["Opportunity"]) == 3


def test_a_registration_on_a_crm_account_creates_only_the_deal_in_hubspot(hubspot: Org, tmp_path: Path) -> None:
    hubspot.sync()
    _creating(hubspot, tmp_path, "appointmentscheduled")
    deal = _registered(hubspot, "950", "901", "Acme")
    report = hubspot.push()
    assert report.counts["registered deals"]["created"] == 1, report.problems
    system, crm_id = _key(hubspot, deal)
    assert system == "hubspot" and hubspot.crm.objects["deals"][crm_id]["properties"]["dealstage"] == \
        "appointmentscheduled"
    assert hubspot.crm.links[("deals", "companies")][crm_id][0][0] == "901"
    assert len(hubspot.crm.objects["companies"]) == 3
