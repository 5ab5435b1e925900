"""Trackers: aliases seeded from partners, validated rules, a new version on each edit, YAML loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from partnerops.signals.seed_aliases import acronym, partner_rules
from partnerops.signals.tracker_file import TrackerFileError, load_tracker_file
from partnerops.signals.tracker_repo import get_tracker, save_tracker, tracker_history
from partnerops.signals.trackers import SpeakerFilter, TrackerKind, TrackerRuleError, rules_from_json
from signals.signals_kit import NOW, seed_crm


def test_partner_aliases_come_from_name_and_domain() -> None:
    assert partner_rules("Acme Cloud Inc.", "https://www.acme-cloud.com/").aliases == (
        "Acme Cloud Inc.", "Acme Cloud", "Acme-Cloud", "AcmeCloud", "acme-cloud.com")
    assert partner_rules("Initech", "init-tech.io").aliases == ("Initech", "init-tech.io", "init tech")


@pytest.mark.parametrize(("name", "domain", "said"), [
    ("Lido Group Ltd", "lido.io", "Lido"),
    ("Nimbus Holdings Corporation", None, "Nimbus"),
    ("Müller GmbH & Co. KG", "mueller.de", "Müller"),
    ("The Home Depot", None, "Home Depot"),
    ("PricewaterhouseCoopers LLP", "pwc.co.uk", "pwc"),
])
def test_seeded_aliases_include_the_name_as_people_say_it(name: str, domain: str | None, said: str) -> None:
    assert said in partner_rules(name, domain).aliases


def test_a_multi_word_name_gives_its_acronym_matched_only_in_capitals() -> None:
    rules = partner_rules("Amazon Web Services", "aws.amazon.com")
    assert rules.exact_case == ("AWS",) and "AWS" not in rules.aliases


@pytest.mark.parametrize("name", ["Cloud Analytics Team", "Customer Relationship Management", "PA Consulting",
                                  "Acme Cloud"])
def test_no_acronym_that_is_a_common_word_a_generic_term_or_under_three_letters(name: str) -> None:
    assert acronym(name) is None


def test_rules_refuse_a_tracker_without_aliases() -> None:
    with pytest.raises(TrackerRuleError):
        rules_from_json({"aliases": ["  "]})


def test_each_edit_is_a_new_version_and_an_unchanged_save_is_not(engine: Engine) -> None:
    with engine.begin() as conn:
        first = save_tracker(conn, "Marketplace", TrackerKind.MARKETPLACE, rules_from_json({"aliases": ["AWS"]}),
                             "a", NOW)
        same = save_tracker(conn, "Marketplace", TrackerKind.MARKETPLACE, rules_from_json({"aliases": ["AWS"]}),
                            "a", NOW)
        edited = save_tracker(conn, "Marketplace", TrackerKind.MARKETPLACE,
                              rules_from_json({"aliases": ["AWS", "Azure Marketplace"]}), "b", NOW)
        versions = tracker_history(conn, "Marketplace")
    assert (first.version, same.version, edited.version) == (1, 1, 2)
    assert [(v["version"], v["created_by"]) for v in versions] == [(1, "a"), (2, "b")]


def test_seeding_makes_one_tracker_per_partner(engine: Engine) -> None:
    ids = seed_crm(engine)
    with engine.connect() as conn:
        tracker = get_tracker(conn, "Acme Cloud")
    assert tracker.partner_id == ids["acme"] and tracker.kind is TrackerKind.PARTNER
    # "acme cloud" from the domain is the name again once case is ignored.
    assert tracker.rules.aliases == ("Acme Cloud", "Acme-Cloud", "AcmeCloud", "acme-cloud.com")


def test_a_yaml_file_creates_and_versions_trackers(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)
    path = tmp_path / "trackers.yaml"
    path.write_text("trackers:\n  - name: Acme Cloud\n    kind: partner\n    partner: P-1\n"
                    "    aliases: [Acme Cloud, Acme]\n    exclusions: [Acme Corp anvils]\n    speaker: customer\n")
    with engine.begin() as conn:
        [saved] = load_tracker_file(conn, path, "ops", NOW)
    assert saved.version == 2 and saved.rules.speaker is SpeakerFilter.CUSTOMER
    assert saved.rules.exclusions == ("Acme Corp anvils",)


def test_a_yaml_file_without_a_trackers_list_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "trackers.yaml"
    path.write_text("- just a list\n")
    with pytest.raises(TrackerFileError), engine.begin() as conn:
        load_tracker_file(conn, path, "ops", NOW)
