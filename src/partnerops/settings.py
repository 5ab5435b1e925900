"""Settings from the environment (PARTNEROPS_*), with defaults that run on a laptop."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARTNEROPS_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///partnerops.db"
    reporting_currency: str = "USD"
    actor: str = "cli"


def get_settings() -> Settings:
    return Settings()
