"""Settings from the environment (PARTNEROPS_*), with defaults that run on a laptop."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARTNEROPS_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///partnerops.db"
    reporting_currency: str = "USD"
    actor: str = "cli"
    # Mail: registration decisions and alerts go through this SMTP server.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
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
    assistant_llm_api_key: str | None = None
    # Where a partner's referral link (/r/PARTNER) sends the visitor, with ?partner=...&click=... added.
    referral_url: str = "http://127.0.0.1:8000/"


def get_settings() -> Settings:
    return Settings()
