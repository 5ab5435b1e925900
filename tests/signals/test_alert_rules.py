"""Alert rules: validated definitions, a new version on each change, removal that keeps history, YAML loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from partnerops.domain.money import Money
from partnerops.signals.alert_rule_repo import AlertRuleNotFound, active_rules, load_rule_file, remove_rule, save_rule
from partnerops.signals.alert_rules import AlertRuleError, rule_from_json
from partnerops.store.alert_tables import alert_rule_versions
from signals.signals_kit import NOW

HOOK = {"webhook": "https://hooks.example.com/services/x"}


@pytest.mark.parametrize(("definition", "problem"), [
    ({}, "a rule needs a destination"),
    (HOOK | {"min_amount": "50000"}, "min_amount and currency go together"),
    (HOOK | {"min_amount": "50000", "currency": "XYZ"}, "'XYZ' is not an ISO 4217 code"),
    (HOOK | {"min_amount": "-1", "currency": "USD"}, "min_amount must not be negative"),
    ({"webhook": "hooks.example.com/x"}, "webhook must be an http(s) URL"),
    ({"emails": ["not-an-address"]}, "not an email address"),
    (HOOK | {"tracker_kinds": ["rival"]}, "tracker_kinds.0"),
    (HOOK | {"colour": "red"}, "colour"),
])
def test_a_rule_that_cannot_work_is_refused_with_its_field(definition: dict[str, object], problem: str) -> None:
    with pytest.raises(AlertRuleError, match="rule 'r'") as refused:
        rule_from_json(definition, "rule 'r'")
    assert problem in str(refused.value)


def test_the_threshold_is_money_with_its_currency() -> None:
    rule = rule_from_json(HOOK | {"min_amount": "50000", "currency": "EUR"})
    assert rule.threshold == Money.from_minor(5_000_000, "EUR")


def test_each_change_is_a_new_version_and_removal_keeps_the_history(engine: Engine) -> None:
    with engine.begin() as conn:
        first = save_rule(conn, "competitors", rule_from_json(HOOK | {"tracker_kinds": ["competitor"]}), "a", NOW)
        same = save_rule(conn, "competitors", rule_from_json(HOOK | {"tracker_kinds": ["competitor"]}), "a", NOW)
        changed = save_rule(conn, "competitors", rule_from_json(HOOK), "b", NOW)
        remove_rule(conn, "competitors", NOW)
        remaining = active_rules(conn)
        versions = conn.execute(select(alert_rule_versions.c.version, alert_rule_versions.c.created_by)
                                .order_by(alert_rule_versions.c.version)).all()
    assert (first.version, same.version, changed.version, remaining) == (1, 1, 2, [])
    assert [tuple(v) for v in versions] == [(1, "a"), (2, "b")]
    with pytest.raises(AlertRuleNotFound), engine.begin() as conn:
        remove_rule(conn, "competitors", NOW)


def test_a_yaml_file_is_checked_whole_before_any_rule_is_saved(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "alerts.yaml"
    path.write_text("rules:\n  - name: good\n    webhook: https://hooks.example.com/a\n"
                    "  - name: bad\n    sides: [customer]\n")
    with pytest.raises(AlertRuleError, match="rule 'bad'"), engine.begin() as conn:
        load_rule_file(conn, path, "ops", NOW)
    with engine.connect() as conn:
        assert active_rules(conn) == []


def test_a_yaml_file_without_a_rules_list_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "alerts.yaml"
    path.write_text("- name: just a list\n")
    with pytest.raises(AlertRuleError, match="expected a `rules:` list"), engine.begin() as conn:
        load_rule_file(conn, path, "ops", NOW)
