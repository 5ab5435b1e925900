"""Settings documents read from a file or the shipped default: every failure names the file."""

from __future__ import annotations

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
