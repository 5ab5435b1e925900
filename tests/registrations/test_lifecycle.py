"""Expiry and extensions on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from partnerops.domain.registration_rules import RegistrationStatus
from partnerops.domain.registration_settings import RegistrationRules
from partnerops.registrations.errors import InvalidTransition, RegistrationForbidden, RegistrationNotFound
from partnerops.registrations.service import (
    approve_registration,
    expire_registrations,
    get_registration,
    grant_extension,
    request_extension,
    submit_registration,
)
from partnerops.store.registration_tables import outbound_emails
from registrations.registration_kit import ACME_USER, BOLT_USER, MANAGER, NOW, form, seed_world

RULES = RegistrationRules(version="t", expiry_days=90, extension_days=30)


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_world(engine)
    return engine


def test_registrations_past_expiry_lapse_and_stop_conflicting(world: Engine) -> None:
    old = submit_registration(world, ACME_USER, form("Umbrella", "umbrella.io"), rules=RULES, now=NOW)
    assert expire_registrations(world, NOW + timedelta(days=90)) == []
    assert expire_registrations(world, NOW + timedelta(days=91)) == [old.id]
    assert get_registration(world, MANAGER, old.id).status is RegistrationStatus.EXPIRED
    later = submit_registration(world, BOLT_USER, form("Umbrella", "umbrella.io"), rules=RULES,
                                now=NOW + timedelta(days=92))
    assert later.conflicts == ()


def test_a_granted_extension_moves_the_expiry(world: Engine) -> None:
    registration = submit_registration(world, ACME_USER, form("Hooli"), rules=RULES, now=NOW)
    with pytest.raises(InvalidTransition, match="not requested"):
        grant_extension(world, MANAGER, registration.id, rules=RULES, now=NOW)
    asked = request_extension(world, ACME_USER, registration.id, now=NOW + timedelta(days=80))
    assert asked.extension_requested_at == NOW + timedelta(days=80)
    with pytest.raises(RegistrationForbidden):
        grant_extension(world, ACME_USER, registration.id, rules=RULES, now=NOW)
    granted = grant_extension(world, MANAGER, registration.id, rules=RULES, now=NOW + timedelta(days=81))
    assert granted.expires_on == registration.expires_on + timedelta(days=30)
    assert granted.extension_requested_at is None
    with world.connect() as c:
        subjects = list(c.scalars(select(outbound_emails.c.subject)))
    assert subjects == [f"Deal registration {registration.id} for Hooli: extended"]


def test_another_partner_cannot_ask_to_extend(world: Engine) -> None:
    registration = submit_registration(world, ACME_USER, form("Hooli"), rules=RULES, now=NOW)
    with pytest.raises(RegistrationNotFound):
        request_extension(world, BOLT_USER, registration.id, now=NOW)


def test_an_expired_registration_cannot_be_extended_or_approved(world: Engine) -> None:
    registration = submit_registration(world, ACME_USER, form("Hooli"), rules=RULES, now=NOW)
    expire_registrations(world, NOW + timedelta(days=100))
    with pytest.raises(InvalidTransition):
        request_extension(world, ACME_USER, registration.id, now=NOW + timedelta(days=100))
    with pytest.raises(InvalidTransition):
        approve_registration(world, MANAGER, registration.id, now=NOW + timedelta(days=100))
