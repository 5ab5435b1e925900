"""The rules of engagement as a versioned settings document: which conflicts count, deadlines and the free-mail
domains, validated field by field. Apart from `registration_rules` so that reading registrations never loads the
settings validation."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from partnerops.domain.company_names import FREE_MAIL_DOMAINS
from partnerops.domain.registration_rules import ConflictRule, RulesError
from partnerops.domain.settings_document import validate_settings


class RegistrationRules(BaseModel):
    """A versioned set of conflict rules and deadlines; every registration records the version it met."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    description: str = ""
    conflict_rules: tuple[ConflictRule, ...] = tuple(ConflictRule)
    expiry_days: int = Field(90, ge=1)
    extension_days: int = Field(30, ge=1)
    response_sla_hours: int = Field(48, ge=1)
    free_mail_domains: frozenset[str] = FREE_MAIL_DOMAINS

    @classmethod
    def from_mapping(cls, data: Any, *, source: str = "rules") -> RegistrationRules:
        return validate_settings(cls, data, source=source, what="rules", error=RulesError)

    def respond_by(self, submitted_at: datetime) -> datetime:
        return submitted_at + timedelta(hours=self.response_sla_hours)

    def expires_on(self, submitted_at: datetime, extensions: int = 0) -> date:
        return submitted_at.date() + timedelta(days=self.expiry_days + extensions * self.extension_days)
