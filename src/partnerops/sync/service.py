"""Syncing one connection: `run_sync` pulls (the scheduler calls it every few minutes, the CLI on demand) and
`run_push` writes attribution back; each run is recorded with its counts and errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import Engine

from partnerops.ingest.errors import ImportFailed
from partnerops.ingest.options import ImportOptions, RunMode
from partnerops.store.attribution_runs import NoAttributionRun
from partnerops.sync.batches import CrmReader
from partnerops.sync.connections import CrmConnection, load_connection, save_secrets
from partnerops.sync.cursors import read_cursor, save_cursor
from partnerops.sync.deal_creation import DealCreation, create_registered_deals
from partnerops.sync.errors import MappingInvalid, SyncError
from partnerops.sync.hubspot import HubSpotApi
from partnerops.sync.hubspot_deal_details import DealDetails
from partnerops.sync.hubspot_partner_links import PartnerLinks
from partnerops.sync.hubspot_reader import HubSpotReader
from partnerops.sync.landing import Landing
from partnerops.sync.mapping import FieldMapping, default_mapping_path, load_mapping
from partnerops.sync.pull import Pull, pull_objects
from partnerops.sync.push import PushTarget, push_attribution
from partnerops.sync.runs import DRY_RUN, FAILED, FINISHED, RunReport, end_run, start_run
from partnerops.sync.salesforce import SalesforceApi
from partnerops.sync.salesforce_reader import SalesforceReader
from partnerops.sync.stored import stored_deal_touches, stored_ids
from partnerops.sync.tokens import TokenSource
from partnerops.sync.transport import CrmHttp, RetryPolicy

# The cursor row holding the mapping version the connection's cursors were read with.
MAPPING_VERSION = "mapping:version"


@dataclass(frozen=True)
class SyncOptions:
    full: bool = False
    dry_run: bool = False
    actor: str = "sync"
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # A mapping file to try instead of the connection's (a dry run, read in full, shows what it would change).
    mapping: Path | None = None
    # Tests and the benchmark may bring their own client (timeouts, transports).
    client: Callable[[], httpx.Client] | None = None


def connection_mapping(connection: CrmConnection) -> FieldMapping:
    return load_mapping(Path(connection.mapping_path) if connection.mapping_path
                        else default_mapping_path(connection.crm))


def open_http(engine: Engine, connection: CrmConnection, key: bytes, options: SyncOptions) -> CrmHttp:
    """HTTP to the connection's CRM; a refreshed token is sealed back into the connection."""
    tokens = TokenSource(dict(connection.secrets), connection.token_url,
                         lambda secrets: save_secrets(engine, connection, secrets, key))
    client = options.client() if options.client else httpx.Client(timeout=60.0)
    return CrmHttp(connection.base_url, tokens, options.retry, client)


def crm_reader(engine: Engine, connection: CrmConnection, http: CrmHttp, mapping: FieldMapping) -> CrmReader:
    if connection.crm == "salesforce":
        return SalesforceReader(SalesforceApi(http), mapping.bulk_threshold,
                                lambda kind, ids: stored_ids(engine, connection.crm, kind, ids))
    links = PartnerLinks(lambda ids: stored_ids(engine, connection.crm, "partners", ids),
                         lambda deals: stored_deal_touches(engine, connection.crm, deals),
                         dict(mapping.settings.get("roles") or {}))
    api = HubSpotApi(http)
    return HubSpotReader(api, links, DealDetails(api))


def import_options(connection: CrmConnection, mapping: FieldMapping, actor: str) -> ImportOptions:
    """The import settings the connection's records land with: its own source system, the mapping's stages, roles
    and currency."""
    settings = mapping.settings
    return ImportOptions(source_system=connection.crm, stages=dict(settings.get("stages") or {}),
                         roles=dict(settings.get("roles") or {}), currency=settings.get("currency"), actor=actor)


def run_sync(engine: Engine, name: str, key: bytes, options: SyncOptions | None = None) -> RunReport:
    """Pull connection `name` from its cursors (everything with `full`); a dry run lands nothing and moves no
    cursor. The run is recorded failed, with its error, when the CRM or a page fails; what landed before stays."""
    options = options or SyncOptions()
    connection = load_connection(engine, name, key)
    assert connection.id is not None
    if options.mapping is not None and not options.dry_run:
        raise MappingInvalid(str(options.mapping), "file", "a mapping is tried with --dry-run; adopt it with "
                             f"`partnerops connections set-mapping {name} FILE`")
    mapping = load_mapping(options.mapping) if options.mapping else connection_mapping(connection)
    report = RunReport(name, "pull")
    full = options.full or options.mapping is not None or mapping_changed(engine, connection.id, mapping, report)
    start_run(engine, connection.id, report, full, options.actor)
    http = open_http(engine, connection, key, options)
    landing = Landing(name, connection.crm, import_options(connection, mapping, options.actor),
                      RunMode(dry_run=options.dry_run, accept_date_changes=True))
    try:
        pull_objects(Pull(engine, connection.id, crm_reader(engine, connection, http, mapping), mapping, landing,
                          full), report)
    except (SyncError, ImportFailed) as exc:
        report.errors.append(str(exc))
        end_run(engine, report, FAILED)
        return report
    finally:
        http.close()
    if not options.dry_run:
        save_cursor(engine, connection.id, MAPPING_VERSION, mapping.version)
    end_run(engine, report, DRY_RUN if options.dry_run else FINISHED)
    return report


def mapping_changed(engine: Engine, connection_id: int, mapping: FieldMapping, report: RunReport) -> bool:
    """Whether the mapping's version differs from the one the cursors were read with: then every object is read
    again, since the cursors say nothing about fields or objects the new version adds."""
    read_with = read_cursor(engine, connection_id, MAPPING_VERSION)
    if read_with is None or read_with == mapping.version:
        return False
    report.problems.append(f"mapping version {read_with} -> {mapping.version}: every object is read in full")
    return True


def run_push(engine: Engine, name: str, key: bytes, base_url: str, options: SyncOptions | None = None,
             attribution: bool = True) -> RunReport:
    """Create approved registrations' deals in the CRM when the mapping says so, then write the latest attribution
    onto connection `name`'s deals in the fields its mapping names (unless `attribution` is false)."""
    options = options or SyncOptions()
    connection = load_connection(engine, name, key)
    assert connection.id is not None
    mapping = connection_mapping(connection)
    if mapping.push is None and mapping.create_registered_in_stage is None:
        raise MappingInvalid(mapping.path, "push", "names no fields to write attribution to")
    report = RunReport(name, "push")
    start_run(engine, connection.id, report, False, options.actor)
    http = open_http(engine, connection, key, options)
    api = SalesforceApi(http) if connection.crm == "salesforce" else HubSpotApi(http)
    try:
        if mapping.create_registered_in_stage:
            create_registered_deals(DealCreation(engine, connection.crm, api.create,
                                                 mapping.create_registered_in_stage, options.actor), report)
        if mapping.push is not None and attribution:
            push_attribution(PushTarget(engine, connection.id, connection.crm, api, mapping.push, base_url), report)
    except (SyncError, NoAttributionRun) as exc:
        report.errors.append(str(exc))
        end_run(engine, report, FAILED)
        return report
    finally:
        http.close()
    end_run(engine, report, FINISHED)
    return report
