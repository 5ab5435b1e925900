"""How data-driven weights become credit: per journey (each deal or path split among its own partners) or global
(each partner's share of everything, as ChannelAttribution reports it). Both commands offer both and default to the
same one; the conventions differ where a partner's journeys convert unlike the average."""

import inspect
from decimal import Decimal

import polars as pl
import pytest
from sqlalchemy import Engine

from analytics.credit.credit_seed import seed_credit_program
from partnerops.analytics.credit.deal_journeys import as_journeys, journey_touches
from partnerops.analytics.credit.journeys import Journeys
from partnerops.analytics.credit.models import Convention, CreditModel, CreditSettings, path_totals
from partnerops.attribution.credit import CreditOptions, credit_summary, deal_credit_frame
from partnerops.attribution.service import run_attribution
from partnerops.cli import attribution_cmd
from partnerops.store.attribution_runs import find_run

# Half the journeys go a -> b and always convert; the other half go to c alone and convert half the time.
# P(conversion) = 3/4; removing a or b leaves 1/4 (effect 2/3), removing c leaves 1/2 (effect 1/3).
SERIES = Journeys.from_paths([["a", "b"], ["c"]], [2, 1], [200, 100], [0, 1])


def _totals(model: CreditModel, convention: Convention) -> list[float]:
    return path_totals(SERIES, model, CreditSettings(convention=convention))[0].tolist()


def test_global_gives_each_channel_its_removal_effect_share_of_all_conversions() -> None:
    assert _totals(CreditModel.MARKOV, Convention.GLOBAL) == pytest.approx([1.2, 1.2, 0.6])


def test_journey_splits_each_path_among_its_own_channels() -> None:
    # c is alone on its converting path, so it gets all of it; a and b weigh the same and split theirs.
    assert _totals(CreditModel.MARKOV, Convention.JOURNEY) == pytest.approx([1.0, 1.0, 1.0])


def test_the_conventions_agree_when_every_path_has_one_channel() -> None:
    single = Journeys.from_paths([["a"], ["b"]], [2, 1], [20, 10], [2, 3])
    for convention in Convention:
        totals = path_totals(single, CreditModel.MARKOV, CreditSettings(convention=convention))[0]
        assert totals.tolist() == pytest.approx([2.0, 1.0])


def test_both_commands_default_to_the_journey_convention() -> None:
    defaults = {
        name: inspect.signature(command).parameters["convention"].default.default
        for name, command in (("credit", attribution_cmd.credit), ("paths", attribution_cmd.paths))
    }
    assert {name: default.value for name, default in defaults.items()} == {"credit": "journey", "paths": "journey"}
    assert CreditSettings().convention is Convention.JOURNEY


@pytest.fixture
def program(engine: Engine) -> Engine:
    seed_credit_program(engine)
    run_attribution(engine)
    return engine


def test_global_credit_of_deals_is_the_global_share_of_the_won_amount(program: Engine) -> None:
    for model in (CreditModel.MARKOV, CreditModel.SHAPLEY):
        options = CreditOptions(models=(model,), settings=CreditSettings(convention=Convention.GLOBAL))
        credits, _, _, won = deal_credit_frame(program, options)
        per_partner = dict(credits.group_by("partner_id").agg(pl.sum(model.value)).iter_rows())
        assert sum(per_partner.values()) == won
        with program.connect() as connection:
            journeys, _ = as_journeys(journey_touches(connection, find_run(connection, None)))
        expected = path_totals(journeys, model, CreditSettings(convention=Convention.GLOBAL))[1]
        for channel, value in zip(journeys.channels, expected, strict=True):
            assert abs(per_partner.get(int(channel), 0) - value) <= 1  # one minor unit of rounding


def test_journey_credit_sums_to_each_deal_and_global_need_not(program: Engine) -> None:
    journey = credit_summary(program, CreditOptions(models=(CreditModel.MARKOV,)))
    total = sum(row.credits[CreditModel.MARKOV].amount for row in journey.rows)
    assert total == Decimal("1833.34")
    global_ = CreditOptions(models=(CreditModel.MARKOV,), settings=CreditSettings(convention=Convention.GLOBAL))
    credits, _, _, _ = deal_credit_frame(program, global_)
    per_deal = dict(credits.group_by("opportunity_id").agg(pl.sum("markov")).iter_rows())
    assert sum(per_deal.values()) == 1_000_00 + 500_01 + 333_33
    assert per_deal != {1: 1_000_00, 2: 500_01, 4: 333_33}


def test_every_model_has_a_title_in_the_reports() -> None:
    from partnerops.reports.attribution_tables import MODEL_TITLES

    assert set(MODEL_TITLES) == {m.value for m in CreditModel}
