"""Settings read PARTNEROPS_* from the environment and `.env` as pydantic-settings did: names in any case, the
environment over the file, values given in code over both, and a value of the wrong kind named in the error."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerops.settings import Settings, SettingsError


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARTNEROPS_DATABASE_URL", raising=False)


def test_environment_names_are_read_in_any_case_and_converted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("partnerops_smtp_port", "2525")
    monkeypatch.setenv("PARTNEROPS_SMTP_STARTTLS", "yes")
    monkeypatch.setenv("PARTNEROPS_SECURE_COOKIES", "0")
    settings = Settings()
    assert (settings.smtp_port, settings.smtp_starttls, settings.secure_cookies) == (2525, True, False)


def test_the_environment_wins_over_the_env_file_and_code_over_both(monkeypatch: pytest.MonkeyPatch) -> None:
    Path(".env").write_text("PARTNEROPS_ACTOR=from-file\nPARTNEROPS_MAIL_FROM='ops@example.com'\n")
    assert (Settings().actor, Settings().mail_from) == ("from-file", "ops@example.com")
    monkeypatch.setenv("PARTNEROPS_ACTOR", "from-environment")
    assert Settings().actor == "from-environment"
    assert Settings(actor="given").actor == "given"


def test_a_value_of_the_wrong_kind_names_the_variable_and_what_it_takes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNEROPS_SMTP_PORT", "twenty-five")
    with pytest.raises(SettingsError, match="PARTNEROPS_SMTP_PORT must be a whole number, not 'twenty-five'"):
        Settings()


def test_a_copy_changes_only_what_it_is_given() -> None:
    settings = Settings(actor="a")
    changed = settings.model_copy(update={"base_url": "http://example.com"})
    assert (changed.actor, changed.base_url, settings.base_url) == ("a", "http://example.com", Settings().base_url)


def test_secrets_stay_out_of_the_printed_settings() -> None:
    assert "hunter2" not in repr(Settings(smtp_password="hunter2", assistant_llm_api_key="hunter2"))
