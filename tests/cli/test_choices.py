"""The option choices the command line repeats (so `--help` loads no heavy module) stay those of their source."""

from __future__ import annotations

from enum import StrEnum

import pytest

from partnerops.analytics.credit.models import Convention, CreditModel
from partnerops.analytics.deal_bands import DEFAULT_BAND_EDGES
from partnerops.analytics.impact_dimensions import DIMENSIONS
from partnerops.attribution.credit import CreditGrouping
from partnerops.auth.tokens import TokenScope
from partnerops.cli import choices
from partnerops.cli.credit_options import ModelChoice, PathModel
from partnerops.cli.demo_cmd import DEFAULT_SEED
from partnerops.cli.report_cmd import Breakdown
from partnerops.commissions.disputes import DisputeStatus
from partnerops.demo import generate
from partnerops.domain.registration_rules import RegistrationStatus
from partnerops.ingest.conversations.model import Side
from partnerops.mail.queue import MailStatus
from partnerops.mapping.matching import MatchStatus
from partnerops.mapping.overlap import OverlapCategory
from partnerops.mapping.sharing import SharingLevel
from partnerops.program.experiment_metrics import ExperimentMetric
from partnerops.program.mdf_model import ClaimStatus, RequestStatus
from partnerops.signals.alert_outbox import DeliveryStatus
from partnerops.signals.alert_rules import Granularity
from partnerops.signals.trackers import SpeakerFilter, TrackerKind

SOURCES: list[tuple[type[StrEnum], type[StrEnum]]] = [
    (choices.TrackerKind, TrackerKind), (choices.SpeakerFilter, SpeakerFilter), (choices.Side, Side),
    (choices.Granularity, Granularity), (choices.DeliveryStatus, DeliveryStatus), (choices.MailStatus, MailStatus),
    (choices.TokenScope, TokenScope), (choices.RegistrationStatus, RegistrationStatus),
    (choices.DisputeStatus, DisputeStatus), (choices.RequestStatus, RequestStatus), (choices.ClaimStatus, ClaimStatus),
    (choices.ExperimentMetric, ExperimentMetric), (choices.MatchStatus, MatchStatus),
    (choices.OverlapCategory, OverlapCategory), (choices.SharingLevel, SharingLevel),
    (choices.CreditModel, CreditModel), (choices.CreditGrouping, CreditGrouping), (choices.Convention, Convention),
]  # fmt: skip


def _members(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.name, member.value) for member in enum]


@pytest.mark.parametrize(("offered", "source"), SOURCES, ids=lambda enum: enum.__name__)
def test_an_option_offers_exactly_the_members_of_its_source_in_order(
    offered: type[StrEnum], source: type[StrEnum]
) -> None:
    assert _members(offered) == _members(source)
    assert offered.__doc__ is not None and offered.__doc__.split()[0] == f"{source.__module__}.{source.__name__}"


def test_every_choice_class_is_checked_against_its_source() -> None:
    offered = {value for value in vars(choices).values() if isinstance(value, type) and issubclass(value, StrEnum)}
    assert offered - {StrEnum} == {pair[0] for pair in SOURCES}


def test_credit_model_choices_are_every_model_and_all_of_them() -> None:
    assert _members(PathModel) == _members(CreditModel)
    assert _members(ModelChoice) == [*_members(CreditModel), ("ALL", "all")]


def test_the_demo_seed_offered_by_default_is_the_generators() -> None:
    assert DEFAULT_SEED == generate.DEFAULT_SEED


def test_the_deal_size_bands_offered_by_default_are_the_reports() -> None:
    assert choices.DEFAULT_BAND_EDGES == DEFAULT_BAND_EDGES


def test_the_impact_breakdowns_offered_are_every_breakdown_of_the_report() -> None:
    assert sorted(member.value for member in Breakdown) == sorted(DIMENSIONS)
    assert len(Breakdown) == len(DIMENSIONS)
