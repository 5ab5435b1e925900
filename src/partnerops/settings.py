"""Settings from the environment (PARTNEROPS_*) and a `.env` file in the working directory, with defaults that run
on a laptop.

Read as pydantic-settings reads them (names case-insensitive, the environment over `.env`, values given to
`Settings(...)` over both) with neither it nor pydantic: loading those costs about 0.1 s, and every command reads
the settings before its work.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_PREFIX = "PARTNEROPS_"
ENV_FILE = ".env"
_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no"}


class SettingsError(ValueError):
    """A PARTNEROPS_* value that does not read as its setting's kind; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///partnerops.db"
    reporting_currency: str = "USD"
    actor: str = "cli"
    # Mail: registration decisions and alerts go through this SMTP server.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = dataclasses.field(default=None, repr=False)
    smtp_starttls: bool = False
    mail_from: str = "partnerops@localhost"
    # The web app: where it is served from (links in mail), and whether cookies need HTTPS.
    base_url: str = "http://127.0.0.1:8000"
    secure_cookies: bool = True
    # The served app's JSON log lines on stderr: debug, info (one line per request), warning or error.
    log_level: str = "info"
    # The assistant may have answers phrased by a language model behind an OpenAI-compatible endpoint (for
    # example a local server); without one it composes answers from templates and the retrieved passages.
    assistant_llm_url: str | None = None
    assistant_llm_model: str = "local"
    assistant_llm_api_key: str | None = dataclasses.field(default=None, repr=False)
    # Where a partner's referral link (/r/PARTNER) sends the visitor, with ?partner=...&click=... added.
    referral_url: str = "http://127.0.0.1:8000/"
    # The built-in scheduler: `partnerops serve` starts it beside the app unless this is false (then a separate
    # `partnerops worker` runs the jobs); seconds between a job's runs as JOB=SECONDS pairs, e.g. "mail_queue=30".
    scheduler_in_serve: bool = True
    job_intervals: str = ""
    # Seals CRM connection secrets at rest (32 random bytes in base64; `partnerops connections new-key` makes one).
    secret_key: str | None = dataclasses.field(default=None, repr=False)
    # Where attribution runs and the impact report aggregate: sql (DuckDB SQL in this process, the default), duckdb
    # (the Ibis engine on DuckDB) or spark (the Ibis engine on Spark: a local session, or spark_master's cluster).
    engine: str = "sql"
    spark_master: str | None = None
    # Proposals (registrations, touches, tier changes, MDF requests) one API token may make through MCP a day.
    mcp_proposals_per_day: int = 50
    # The rules every surface (CLI, API, pages, jobs) decides with: a YAML file each, else the shipped defaults.
    registration_rules: str | None = None
    routing_rules: str | None = None

    def __init__(self, **values: Any) -> None:
        fields = {field.name: field for field in dataclasses.fields(self)}
        unknown = values.keys() - fields.keys()
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        read = {name: _parse(fields[name], text) for name, text in environment_values(fields).items()}
        for name, field in fields.items():
            object.__setattr__(self, name, values.get(name, read.get(name, field.default)))

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Settings:
        """These settings with the values in UPDATE changed (named as pydantic models name it)."""
        return dataclasses.replace(self, **(update or {}))


def environment_values(names: Mapping[str, object]) -> dict[str, str]:
    """The PARTNEROPS_* texts for NAMES: from `.env`, overridden by the environment (names case-insensitive)."""
    prefix = ENV_PREFIX.lower()
    found: dict[str, str] = {}
    for source in (_env_file(), os.environ):
        for variable, value in source.items():
            name = variable.lower().removeprefix(prefix)
            if variable.lower().startswith(prefix) and name in names and value is not None:
                found[name] = value
    return found


def _env_file() -> Mapping[str, str | None]:
    if not Path(ENV_FILE).is_file():
        return {}
    from dotenv import dotenv_values  # loaded only when there is a file to read

    return dotenv_values(ENV_FILE)


def _parse(field: dataclasses.Field[Any], text: str) -> object:
    kind = str(field.type).removesuffix(" | None")
    readers: dict[str, Callable[[str], object]] = {"int": int, "bool": _boolean}
    reader = readers.get(kind, str)
    try:
        return reader(text)
    except ValueError:
        what = "a whole number" if kind == "int" else "true or false"
        raise SettingsError(f"{ENV_PREFIX}{field.name.upper()} must be {what}, not {text!r}") from None


def _boolean(text: str) -> bool:
    if text.strip().lower() in _TRUE | _FALSE:
        return text.strip().lower() in _TRUE
    raise ValueError(text)


def get_settings() -> Settings:
    return Settings()
