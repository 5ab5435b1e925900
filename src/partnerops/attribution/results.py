"""Storing attribution runs and their results, and reading them back (one run per policy version)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, delete, insert, select, update

from partnerops.domain.policy import AttributionPolicy
from partnerops.store.tables import attribution_results, attribution_runs


class PolicyVersionConflict(ValueError):
    """A policy version that was already run with other rules: results must stay reproducible per version."""


def save_run(connection: Connection, policy: AttributionPolicy, results: pl.DataFrame, opportunities: int) -> int:
    """Replace the stored results for this policy version with `results`; returns the run id."""
    run_id = _run_for(connection, policy)
    values: dict[str, Any] = {
        "ran_at": datetime.now(UTC),
        "opportunities": opportunities,
        "attributions": results.height,
        "policy": policy.model_dump(mode="json"),
    }
    if run_id is None:
        run_id = connection.execute(
            insert(attribution_runs)
            .values(policy_version=policy.version, policy_digest=policy.digest, **values)
            .returning(attribution_runs.c.id)
        ).scalar_one()
    else:
        connection.execute(delete(attribution_results).where(attribution_results.c.run_id == run_id))
        connection.execute(update(attribution_runs).where(attribution_runs.c.id == run_id).values(**values))
    rows = results.with_columns(run_id=pl.lit(run_id, pl.Int64)).to_dicts()
    if rows:
        connection.execute(insert(attribution_results), rows)
    return run_id


def _run_for(connection: Connection, policy: AttributionPolicy) -> int | None:
    row = connection.execute(
        select(attribution_runs.c.id, attribution_runs.c.policy_digest).where(
            attribution_runs.c.policy_version == policy.version
        )
    ).first()
    if row is None:
        return None
    if row.policy_digest != policy.digest:
        raise PolicyVersionConflict(
            f"policy version {policy.version!r} was already run with other rules (digest {row.policy_digest}, "
            f"this file's is {policy.digest}); give the edited policy a new version so both stay reproducible"
        )
    return int(row.id)


def list_runs(connection: Connection) -> list[dict[str, Any]]:
    query = select(
        attribution_runs.c.id,
        attribution_runs.c.policy_version,
        attribution_runs.c.policy_digest,
        attribution_runs.c.ran_at,
        attribution_runs.c.opportunities,
        attribution_runs.c.attributions,
    ).order_by(attribution_runs.c.ran_at)
    return [dict(row._mapping) for row in connection.execute(query)]
