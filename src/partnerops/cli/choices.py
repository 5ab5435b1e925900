"""The closed sets commands offer as option choices (and defaults they show), mirrored from modules too heavy to
load for `--help`.

Each class repeats the members of the enum it names, in order; tests/cli/test_choices.py fails when they drift.
A command turns the choice into the real enum (`MailStatus(status.value)`) once it has imported its module.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

# partnerops.analytics.deal_bands.DEFAULT_BAND_EDGES (its module loads Polars): the default of `report impact --bands`.
DEFAULT_BAND_EDGES: tuple[Decimal, ...] = (Decimal(25_000), Decimal(100_000), Decimal(250_000))


class TrackerKind(StrEnum):
    """partnerops.signals.trackers.TrackerKind"""

    PARTNER = "partner"
    INTEGRATION = "integration"
    MARKETPLACE = "marketplace"
    IMPLEMENTATION_PARTNER = "implementation_partner"
    COMPETITOR = "competitor"
    THEME = "theme"


class SpeakerFilter(StrEnum):
    """partnerops.signals.trackers.SpeakerFilter"""

    ANYONE = "anyone"
    CUSTOMER = "customer"
    OURS = "ours"


class Side(StrEnum):
    """partnerops.ingest.conversations.model.Side"""

    CUSTOMER = "customer"
    OURS = "ours"
    UNKNOWN = "unknown"


class Granularity(StrEnum):
    """partnerops.signals.alert_rules.Granularity"""

    SIGNAL = "signal"
    TOUCH = "touch"


class DeliveryStatus(StrEnum):
    """partnerops.signals.alert_outbox.DeliveryStatus"""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"
    MAILED = "mailed"


class MailStatus(StrEnum):
    """partnerops.mail.queue.MailStatus"""

    QUEUED = "queued"
    SENT = "sent"
    DEAD = "dead"


class TokenScope(StrEnum):
    """partnerops.auth.tokens.TokenScope"""

    PSI = "psi"


class RegistrationStatus(StrEnum):
    """partnerops.domain.registration_rules.RegistrationStatus (its module loads pydantic and YAML)"""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"


class DisputeStatus(StrEnum):
    """partnerops.commissions.disputes.DisputeStatus"""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class RequestStatus(StrEnum):
    """partnerops.program.mdf_model.RequestStatus"""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ClaimStatus(StrEnum):
    """partnerops.program.mdf_model.ClaimStatus"""

    CLAIMED = "claimed"
    APPROVED = "approved"
    REJECTED = "rejected"
    REIMBURSED = "reimbursed"


class ExperimentMetric(StrEnum):
    """partnerops.program.experiment_metrics.ExperimentMetric"""

    WIN_RATE = "win_rate"
    DEAL_COUNT = "deal_count"
    PIPELINE = "pipeline"
    TIME_TO_FIRST_DEAL = "time_to_first_deal"


class MatchStatus(StrEnum):
    """partnerops.mapping.matching.MatchStatus"""

    MATCHED = "matched"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class OverlapCategory(StrEnum):
    """partnerops.mapping.overlap.OverlapCategory"""

    SHARED_CUSTOMERS = "shared_customers"
    CO_SELL_TARGETS = "co_sell_targets"
    WHITE_SPACE = "white_space"
    OUR_CUSTOMERS_THEIR_PROSPECTS = "our_customers_their_prospects"


class SharingLevel(StrEnum):
    """partnerops.mapping.sharing.SharingLevel"""

    HIDDEN = "hidden"
    COUNTS = "counts"
    OVERLAPS = "overlaps"
    FULL = "full"


class CreditModel(StrEnum):
    """partnerops.analytics.credit.models.CreditModel"""

    FIRST_TOUCH = "first_touch"
    LAST_TOUCH = "last_touch"
    LINEAR = "linear"
    TIME_DECAY = "time_decay"
    POSITION = "position"
    MARKOV = "markov"
    SHAPLEY = "shapley"
    SHAPLEY_COALITION = "shapley_coalition"


class Convention(StrEnum):
    """partnerops.analytics.credit.models.Convention"""

    JOURNEY = "journey"
    GLOBAL = "global"


class CreditGrouping(StrEnum):
    """partnerops.attribution.credit.CreditGrouping"""

    PARTNER = "partner"
    TYPE = "type"
    PERIOD = "period"
