"""The rules of engagement without a database: normalisation, each conflict rule, deadlines."""

from datetime import UTC, date, datetime

import pytest

from partnerops.domain.registration_rules import (
    Claim,
    ConflictRule,
    KnownAccount,
    LiveRegistration,
    RegistrationStatus,
    RulesError,
    company_domain,
    find_conflicts,
    is_overdue,
    matching_accounts,
    normalise_domain,
    normalise_name,
)
from partnerops.domain.registration_settings import RegistrationRules

RULES = RegistrationRules(version="test")


@pytest.mark.parametrize(("given", "expected"), [
    ("https://WWW.Acme.com/about?x=1", "acme.com"),
    ("acme.com.", "acme.com"),
    ("http://shop.acme.co.uk:8080/", "shop.acme.co.uk"),
    ("www.acme.co.uk", "acme.co.uk"),
    ("jane@Acme.com", "acme.com"),
    ("   ", None),
    (None, None),
])
def test_domains_lose_scheme_www_path_and_case(given: str | None, expected: str | None) -> None:
    assert normalise_domain(given) == expected


def test_free_mail_domains_identify_no_company() -> None:
    assert company_domain("https://gmail.com") is None
    assert company_domain("bob@hotmail.co.uk") is None
    assert company_domain("acme.co.uk") == "acme.co.uk"


@pytest.mark.parametrize(("a", "b"), [
    ("Acme, Inc.", "ACME"),
    ("The Acme Corp.", "acme corporation"),
    ("A&B Ltd", "A and B"),
    ("Müller GmbH", "MÜLLER"),
    ("Acme GmbH", "Acme LLC"),
    ("Société Générale SAS", "société générale"),
    ("Ａｃｍｅ", "acme"),  # full-width letters
    ("Müller", "Muller"),  # registries and CRMs drop accents; the rule is the one mapping uses
])
def test_names_that_are_the_same_company(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Acme Labs Inc.", "Acme Inc."),  # a subsidiary with its own name is another company
    ("Acme Labs", "Acme Group Labs"),  # only trailing legal forms go, never a word inside the name
])
def test_names_that_stay_apart(a: str, b: str) -> None:
    assert normalise_name(a) != normalise_name(b)


def test_a_name_that_is_only_a_legal_form_or_the_is_kept() -> None:
    assert normalise_name("The") == "the"
    assert normalise_name("株式会社トヨタ") == "株式会社トヨタ"


def test_subsidiary_and_country_domains_do_not_match_the_parent() -> None:
    parent = KnownAccount(1, "Acme", "acme.com")
    for domain in ("acme.co.uk", "emea.acme.com"):
        assert matching_accounts(Claim(9, "Acme Europe", domain), [parent], RULES) == []


def test_a_domain_match_ranks_before_a_name_match() -> None:
    by_name, by_domain = KnownAccount(1, "Globex", None), KnownAccount(2, "Globex Holdings", "globex.com")
    assert [a.id for a in matching_accounts(Claim(9, "Globex", "globex.com"), [by_name, by_domain], RULES)] == [2, 1]


def test_free_mail_domain_never_matches_an_account_that_has_it() -> None:
    sloppy = KnownAccount(1, "Someone", "gmail.com")
    assert matching_accounts(Claim(9, "Initech", "gmail.com"), [sloppy], RULES) == []


def test_open_opportunity_on_the_account_is_a_conflict() -> None:
    account = KnownAccount(1, "Initech", "initech.com", open_opportunity_ids=(7,))
    (conflict,) = find_conflicts(Claim(9, "Initech LLC", None), [account], [], RULES)
    assert conflict.rule is ConflictRule.OPEN_OPPORTUNITY
    assert (conflict.account_id, conflict.opportunity_ids) == (1, (7,))


def test_customer_account_is_a_conflict() -> None:
    account = KnownAccount(1, "Initech", "initech.com", won_opportunity_ids=(3,))
    (conflict,) = find_conflicts(Claim(9, "Other name", "https://initech.com"), [account], [], RULES)
    assert conflict.rule is ConflictRule.CUSTOMER_ACCOUNT and conflict.opportunity_ids == (3,)


def test_another_partners_live_registration_is_a_conflict_but_ones_own_is_not() -> None:
    live = [LiveRegistration(5, 2, "Initech", "initech.com"), LiveRegistration(6, 9, "Initech", "initech.com")]
    conflicts = find_conflicts(Claim(9, "Initech Inc", None), [], live, RULES)
    assert [(c.rule, c.registration_ids) for c in conflicts] == [(ConflictRule.LIVE_REGISTRATION, (5,))]


def test_a_live_registration_on_the_matched_account_conflicts_whatever_its_name() -> None:
    account = KnownAccount(1, "Initech", "initech.com")
    live = [LiveRegistration(5, 2, "IT dept of Initech", None, account_id=1)]
    assert [c.registration_ids for c in find_conflicts(Claim(9, "Initech", None), [account], live, RULES)] == [(5,)]


def test_a_rule_switched_off_raises_nothing() -> None:
    account = KnownAccount(1, "Initech", None, open_opportunity_ids=(7,), won_opportunity_ids=(3,))
    rules = RegistrationRules(version="lenient", conflict_rules=(ConflictRule.CUSTOMER_ACCOUNT,))
    assert [c.rule for c in find_conflicts(Claim(9, "Initech", None), [account], [], rules)] == [
        ConflictRule.CUSTOMER_ACCOUNT]


def test_deadlines_follow_the_rules() -> None:
    rules = RegistrationRules(version="x", expiry_days=90, extension_days=30, response_sla_hours=48)
    submitted = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert rules.respond_by(submitted) == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert rules.expires_on(submitted) == date(2026, 5, 30)
    assert rules.expires_on(submitted, extensions=1) == date(2026, 6, 29)


def test_only_a_pending_registration_past_its_deadline_is_overdue() -> None:
    deadline = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    later = datetime(2026, 3, 3, 9, 1, tzinfo=UTC)
    assert is_overdue(RegistrationStatus.PENDING, deadline, later)
    assert not is_overdue(RegistrationStatus.PENDING, deadline, deadline)
    assert not is_overdue(RegistrationStatus.APPROVED, deadline, later)


def test_bad_rules_name_the_field() -> None:
    with pytest.raises(RulesError, match="expiry_days"):
        RegistrationRules.from_mapping({"version": "x", "expiry_days": 0}, source="r.yaml")
    with pytest.raises(RulesError, match="conflict_rules"):
        RegistrationRules.from_mapping({"version": "x", "conflict_rules": ["nope"]}, source="r.yaml")
