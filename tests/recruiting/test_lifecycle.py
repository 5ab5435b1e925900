"""An account flagged as a potential partner becomes a candidate once. A candidate moves candidate -> contacted ->
recruited (or declined), audited; recruiting creates the partner in onboarding; of simultaneous moves exactly one
wins and the others get a clear refusal, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from concurrency.race import losers, race, winners
from partnerops.domain.enums import PartnerType
from partnerops.program.errors import ProgramForbidden
from partnerops.recruiting.candidates import find_candidate
from partnerops.recruiting.errors import CandidateChanged, InvalidMove, RecruitingError, UnknownCandidate
from partnerops.recruiting.flagging import flag_account
from partnerops.recruiting.lifecycle import move_candidate
from partnerops.recruiting.ranking import rank_candidates
from partnerops.recruiting.statuses import CandidateStatus
from partnerops.store.tables import audit_log, partners
from recruiting.recruiting_kit import MANAGER, SALES, import_candidates, plant

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> Engine:
    plant(engine)
    import_candidates(engine, tmp_path)
    return engine


def test_recruiting_a_contacted_candidate_creates_the_partner_in_onboarding(world: Engine) -> None:
    with world.begin() as c:
        move_candidate(c, MANAGER, "C-ALPHA", CandidateStatus.CONTACTED, now=NOW)
        moved = move_candidate(c, MANAGER, "C-ALPHA", CandidateStatus.RECRUITED, now=NOW)
    assert (moved.before, moved.after, moved.partner) == ("contacted", "recruited", "C-ALPHA")
    with world.connect() as c:
        partner = c.execute(select(partners).where(partners.c.external_id == "C-ALPHA")).one()
        candidate = find_candidate(c, "C-ALPHA")
        audited = c.execute(select(audit_log.c.entity, audit_log.c.field, audit_log.c.old_value,
                                   audit_log.c.new_value).order_by(audit_log.c.id)).all()
    assert (partner.name, partner.type, partner.stage, partner.joined_on) == (
        "Alpha Resellers", "reseller", "onboard", NOW.date())
    assert (candidate.status, candidate.partner_id) == ("recruited", partner.id)
    assert ("recruiting_candidates", "status", "candidate", "contacted") in audited
    assert ("recruiting_candidates", "status", "contacted", "recruited") in audited
    assert ("partners", "stage", "recruit", "onboard") in audited


def test_a_candidate_cannot_skip_contact_or_leave_a_final_status(world: Engine) -> None:
    with world.begin() as c, pytest.raises(InvalidMove, match="C-BETA is candidate; it can move to contacted, "
                                                              "declined, not recruited"):
        move_candidate(c, MANAGER, "C-BETA", CandidateStatus.RECRUITED)
    with world.begin() as c:
        move_candidate(c, MANAGER, "C-BETA", CandidateStatus.DECLINED)
    with world.begin() as c, pytest.raises(InvalidMove, match="the lifecycle has ended"):
        move_candidate(c, MANAGER, "C-BETA", CandidateStatus.CONTACTED)


def test_a_move_from_a_status_no_longer_current_is_refused(world: Engine) -> None:
    with world.begin() as c:
        move_candidate(c, MANAGER, "C-ALPHA", CandidateStatus.CONTACTED)
    with world.begin() as c, pytest.raises(CandidateChanged, match="was candidate when read but is now contacted"):
        move_candidate(c, MANAGER, "C-ALPHA", CandidateStatus.DECLINED, expected=CandidateStatus.CANDIDATE)


def test_only_program_managers_move_candidates_and_unknown_ids_are_named(world: Engine) -> None:
    with world.begin() as c, pytest.raises(ProgramForbidden):
        move_candidate(c, SALES, "C-ALPHA", CandidateStatus.CONTACTED)
    with world.begin() as c, pytest.raises(UnknownCandidate, match="'C-NOPE'"):
        move_candidate(c, MANAGER, "C-NOPE", CandidateStatus.CONTACTED)


def test_simultaneous_recruits_create_one_partner(world: Engine) -> None:
    with world.begin() as c:
        move_candidate(c, MANAGER, "C-ALPHA", CandidateStatus.CONTACTED)

    def recruit(_: int) -> object:
        with world.begin() as c:
            return move_candidate(c, MANAGER, "C-ALPHA", CandidateStatus.RECRUITED)

    results = race(recruit, 5)
    assert len(winners(results)) == 1
    assert all(isinstance(e, RecruitingError) for e in losers(results)), losers(results)
    with world.connect() as c:
        made = c.execute(select(partners.c.id).where(partners.c.external_id == "C-ALPHA")).all()
    assert len(made) == 1


def test_a_flagged_account_becomes_a_candidate_once(world: Engine) -> None:
    with world.begin() as c:
        first = flag_account(c, MANAGER, "A4", PartnerType.SI)
    with world.begin() as c:
        again = flag_account(c, MANAGER, "Company Four", PartnerType.SI)
    assert first == again
    assert (first.external_id, first.name, first.segment, first.region, first.type, first.status) == (
        "A4", "Company Four", "enterprise", "emea", "si", "candidate")
    with world.connect() as c:
        ranked = [r.candidate.external_id for r in rank_candidates(c, draws=50)]
    assert "A4" in ranked


def test_simultaneous_flags_of_one_account_make_one_candidate(world: Engine) -> None:
    def flag(_: int) -> object:
        with world.begin() as c:
            return flag_account(c, MANAGER, "A6", PartnerType.MSP)

    results = race(flag, 4)
    assert losers(results) == [] and len({r.id for r in winners(results)}) == 1
