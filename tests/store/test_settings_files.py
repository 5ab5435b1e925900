"""Settings documents read from a file or the shipped default: every failure names the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from partnerops.attribution.policy_file import DEFAULT_POLICY, load_policy
from partnerops.domain.policy import AttributionPolicy, PolicyError
from partnerops.program.program_settings import load_program_settings
from partnerops.registrations.rules_file import load_rules
from partnerops.store.settings_files import read_settings_file


def test_no_path_reads_the_shipped_default() -> None:
    policy = read_settings_file(AttributionPolicy, None, DEFAULT_POLICY, name="policy", what="policy",
                                error=PolicyError)
    assert policy == load_policy()


@pytest.mark.parametrize("load", [load_policy, load_rules, load_program_settings])
def test_a_missing_file_is_an_error_naming_it(load: object, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(ValueError, match=rf"{missing}: cannot be read: No such file or directory"):
        load(missing)  # type: ignore[operator]


def test_a_bad_field_names_the_file_and_the_field(tmp_path: Path) -> None:
    edited = tmp_path / "policy.yaml"
    edited.write_text(DEFAULT_POLICY.read_text(encoding="utf-8").replace("co_sell_threshold: 2",
                                                                         "co_sell_threshold: many"))
    with pytest.raises(PolicyError, match=rf"{edited}.*co_sell_threshold"):
        load_policy(edited)


def test_the_rules_in_force_are_the_configured_files_read_again_when_they_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnerops.routing.rules import DEFAULT_RULES, RulesError
    from partnerops.routing.rules import load_rules as load_routing_rules

    assert load_routing_rules().sla_hours == 48
    mine = tmp_path / "routing.yaml"
    mine.write_text(DEFAULT_RULES.read_text(encoding="utf-8").replace("sla_hours: 48", "sla_hours: 12"))
    monkeypatch.setenv("PARTNEROPS_ROUTING_RULES", str(mine))
    assert load_routing_rules().sla_hours == 12
    mine.write_text(mine.read_text().replace("sla_hours: 12", "sla_hours: 6"))
    os.utime(mine, ns=(mine.stat().st_atime_ns, mine.stat().st_mtime_ns + 1_000_000))
    assert load_routing_rules().sla_hours == 6
    mine.write_text(mine.read_text().replace("sla_hours: 6", "sla_hours: 0"))
    os.utime(mine, ns=(mine.stat().st_atime_ns, mine.stat().st_mtime_ns + 2_000_000))
    with pytest.raises(RulesError, match=rf"{mine}.*sla_hours"):
        load_routing_rules()
    monkeypatch.setenv("PARTNEROPS_ROUTING_RULES", str(tmp_path / "gone.yaml"))
    with pytest.raises(RulesError, match=r"gone.yaml \(named by PARTNEROPS_ROUTING_RULES\): cannot be read"):
        load_routing_rules()
    strict = tmp_path / "registration.yaml"
    strict.write_text(load_rules(None).model_copy(update={"version": "strict-9"}).model_dump_json())
    monkeypatch.setenv("PARTNEROPS_REGISTRATION_RULES", str(strict))
    assert load_rules().version == "strict-9"
    monkeypatch.delenv("PARTNEROPS_REGISTRATION_RULES")
    assert load_rules().version != "strict-9"
