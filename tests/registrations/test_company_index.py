"""The conflict check finds its candidates through the in-process company index: it flags exactly what a check
against every account and live registration flags, and it sees accounts added or renamed after it was built."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, insert, select, update

from partnerops.domain.registration_rules import (
    Claim,
    Conflict,
    LiveRegistration,
    company_domain,
    find_conflicts,
)
from partnerops.domain.registration_settings import RegistrationRules
from partnerops.registrations.service import get_registration, submit_registration
from partnerops.registrations.snapshot import accounts_as_of, load_accounts, load_opportunities
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import accounts, opportunities
from registrations.registration_kit import ACME_USER, BOLT_USER, MANAGER, NOW, deal, form, seed_world

RULES = RegistrationRules(version="index-test")
# Names and domains that normalise onto the seeded companies in different ways, and some that match nothing. Claims
# alternate between two partners, so that no partner registers a company twice (its own live duplicate is refused).
CLAIMS = [
    ("The Globex Corporation", None, None), ("globex corp", "https://WWW.GLOBEX.com/contact", None),
    ("Initech, Ltd.", None, "pat@initech.com"), ("Hooli", None, "pat@gmail.com"), ("Umbrella", "umbrella.io", None),
    ("Umbrella Ltd", None, "x@umbrella.io"), ("...", "hooli.com", None), ("Vandelay Industries", "gmail.com", None),
    ("A&B Co.", None, None), ("a and b", "ab.example", None),
]  # fmt: skip


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    with engine.begin() as conn:
        conn.execute(insert(accounts).values(source_system="csv", external_id="A4", name="Hooli XYZ",
                                             domain="https://www.Hooli.com/about"))  # fmt: skip
    return engine


def conflicts_against_everything(engine: Engine, claim: Claim) -> tuple[Conflict, ...]:
    """The reference: the domain rules over every account and every live registration, as before the index."""
    r = registrations.c
    with engine.connect() as conn:
        known = accounts_as_of(load_accounts(conn), load_opportunities(conn), NOW.date())
        live = [LiveRegistration(x.id, x.partner_id, x.company_name, x.domain, x.account_id) for x in conn.execute(
            select(r.id, r.partner_id, r.company_name, r.domain, r.account_id)
            .where(r.status.in_(("pending", "approved")), r.expires_on >= NOW.date()).order_by(r.id))]
    return find_conflicts(claim, known, live, RULES)


def test_conflicts_found_through_the_index_equal_a_check_against_every_row(world: Engine) -> None:
    for index, (company, domain, email) in enumerate(CLAIMS):
        principal = (ACME_USER, BOLT_USER)[index % 2]
        claimed_domain = company_domain(domain, RULES.free_mail_domains) or company_domain(email)
        expected = conflicts_against_everything(world, Claim(principal.partner_id or 0, company, claimed_domain))
        submitted = submit_registration(world, principal, form(company, domain, contact_email=email), rules=RULES,
                                        now=NOW)  # fmt: skip
        assert get_registration(world, MANAGER, submitted.id, now=NOW).conflicts == expected, company
    assert any(get_registration(world, MANAGER, i, now=NOW).conflicts for i in range(1, len(CLAIMS) + 1))


def test_an_account_added_after_the_first_check_is_matched(world: Engine) -> None:
    submit_registration(world, ACME_USER, form("Warm Up"), rules=RULES, now=NOW)
    with world.begin() as conn:
        new_id = conn.execute(insert(accounts).values(source_system="csv", external_id="A9", name="Soylent Corp",
                                                      domain="soylent.example").returning(accounts.c.id)).scalar_one()
        conn.execute(insert(opportunities).values(deal(9, new_id, NOW.date() - timedelta(days=3), None, "open")))
    found = submit_registration(world, BOLT_USER, form("Soylent"), rules=RULES, now=NOW)
    assert (found.flagged, get_registration(world, MANAGER, found.id, now=NOW).account_id) == (True, new_id)


def test_a_renamed_account_is_matched_by_its_new_name_only(world: Engine) -> None:
    submit_registration(world, ACME_USER, form("Warm Up"), rules=RULES, now=NOW)
    with world.begin() as conn:  # as an import does it: the name changes and the row is stamped
        conn.execute(update(accounts).where(accounts.c.id == 1).values(name="Globex Renamed AG", domain=None,
                                                                       updated_at=func.now()))  # fmt: skip
    old_name = submit_registration(world, BOLT_USER, form("Globex Corp"), rules=RULES, now=NOW)
    new_name = submit_registration(world, BOLT_USER, form("Globex Renamed"), rules=RULES, now=NOW)
    assert get_registration(world, MANAGER, old_name.id, now=NOW).account_id is None
    assert get_registration(world, MANAGER, new_name.id, now=NOW).account_id == 1 and new_name.flagged
