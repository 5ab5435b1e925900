"""Finding a stored attribution run: the latest one, or the one of a policy version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from partnerops.store.tables import attribution_runs

if TYPE_CHECKING:
    from partnerops.domain.policy import AttributionPolicy


class NoAttributionRun(LookupError):
    """There is no attribution run to use (at all, or for the policy version asked for)."""

    def __init__(self, policy_version: str | None, known_versions: list[str]) -> None:
        if policy_version is None:
            message = "no attribution run found: run `partnerops attribution run` first"
        else:
            known = ", ".join(sorted(known_versions)) or "none"
            message = (
                f"no attribution run for policy version {policy_version!r} (runs exist for: {known}); "
                f"run `partnerops attribution run` with that policy first"
            )
        super().__init__(message)


@dataclass(frozen=True)
class StoredRun:
    id: int
    policy_version: str
    policy_digest: str
    policy_settings: dict[str, Any]
    ran_at: datetime

    def policy(self) -> AttributionPolicy:
        """The policy exactly as the run used it, so its results can be explained or reproduced."""
        from partnerops.domain.policy import AttributionPolicy

        return AttributionPolicy.model_validate(self.policy_settings)


def find_run(connection: Connection, policy_version: str | None = None) -> StoredRun:
    """The latest run, or the run of `policy_version` when one is given."""
    runs = attribution_runs.c
    query = select(runs.id, runs.policy_version, runs.policy_digest, runs.policy, runs.ran_at)
    if policy_version is not None:
        query = query.where(runs.policy_version == policy_version)
    row = connection.execute(query.order_by(runs.ran_at.desc(), runs.id.desc()).limit(1)).first()
    if row is None:
        versions = connection.execute(select(runs.policy_version).distinct()).scalars().all()
        raise NoAttributionRun(policy_version, list(versions))
    return StoredRun(int(row.id), row.policy_version, row.policy_digest, row.policy, row.ran_at)
