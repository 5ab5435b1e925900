"""Accounts and registrations indexed by normalised company name and domain, kept in the process, so a claim
finds its candidate rows by key instead of normalising every account and registration on every submission.

The index only narrows the search: the service loads the candidates fresh and the domain rules decide. It is
therefore sound as long as it never misses a row, which is what its freshness checks below guarantee.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Integer, extract, func, select, true

from partnerops.domain.company_names import normalise_name
from partnerops.domain.registration_rules import normalise_domain
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import accounts

__all__ = ["CompanyIndex", "KeyIndex", "company_index"]


class KeyIndex:
    """Row ids by normalised name and by normalised domain (free-mail domains included: the caller's key
    never is one, so an equal key means an equal company domain)."""

    def __init__(self) -> None:
        self._by_name: defaultdict[str, set[int]] = defaultdict(set)
        self._by_domain: defaultdict[str, set[int]] = defaultdict(set)
        self.ids: set[int] = set()

    def add(self, rows: Iterable[tuple[int, str, str | None]]) -> None:
        for row_id, name, domain in rows:
            self.ids.add(row_id)
            if name_key := normalise_name(name):
                self._by_name[name_key].add(row_id)
            if domain_key := normalise_domain(domain):
                self._by_domain[domain_key].add(row_id)

    def candidates(self, name_key: str, domain: str | None) -> set[int]:
        """Ids whose normalised name is `name_key` (unless blank) or whose normalised domain is `domain`."""
        found = set(self._by_name.get(name_key, ())) if name_key else set()
        if domain:
            found |= self._by_domain.get(domain, set())
        return found


class CompanyIndex:
    """One engine's index of accounts and of registrations; safe to share between request threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._accounts = KeyIndex()
        self._accounts_version: tuple[Any, ...] | None = None
        self._registrations = KeyIndex()

    def account_candidates(self, conn: Connection, name_key: str, domain: str | None) -> set[int]:
        with self._lock:
            self._refresh_accounts(conn)
            return self._accounts.candidates(name_key, domain)

    def registration_candidates(self, conn: Connection, name_key: str, domain: str | None) -> set[int]:
        with self._lock:
            self._refresh_registrations(conn)
            return self._registrations.candidates(name_key, domain)

    def _refresh_accounts(self, conn: Connection) -> None:
        """Rebuilt whenever the table changed: rows added or removed (count, highest id) or any row updated
        (every write stamps `updated_at`; the total of the stamps moves even when a transaction that started
        earlier commits later, which a maximum would not show)."""
        a = accounts.c
        query = select(func.count(), func.max(a.id), _stamp_total(conn, a.updated_at), _settled(conn, a.updated_at))
        *version, settled = conn.execute(query).one()
        if tuple(version) == self._accounts_version:
            return
        fresh = KeyIndex()
        fresh.add((row.id, row.name, row.domain) for row in conn.execute(select(a.id, a.name, a.domain)))
        self._accounts = fresh
        # A row changed again within the second of its last stamp would keep its stamp: until the clock has
        # left that second, check afresh next time.
        self._accounts_version = tuple(version) if settled else None

    def _refresh_registrations(self, conn: Connection) -> None:
        """Registrations are never deleted and their company name and domain never change, so the index only
        grows. Every snapshot a connection sees holds a prefix of the commits, and the index holds the largest
        prefix seen so far: a snapshot with no more rows than the index has nothing new. Otherwise the new ids
        are found as a set difference, because PostgreSQL may commit ids out of order."""
        r = registrations.c
        if conn.execute(select(func.count()).select_from(registrations)).scalar_one() <= len(self._registrations.ids):
            return
        missing = sorted(set(conn.scalars(select(r.id))) - self._registrations.ids)
        for start in range(0, len(missing), 5000):
            batch = missing[start:start + 5000]
            rows = conn.execute(select(r.id, r.company_name, r.domain).where(r.id.in_(batch)))
            self._registrations.add((row.id, row.company_name, row.domain) for row in rows)


def _stamp_total(conn: Connection, stamp: ColumnElement[Any]) -> ColumnElement[Any]:
    if conn.dialect.name == "sqlite":
        return func.total(func.julianday(stamp))
    return func.sum(extract("epoch", stamp))


def _settled(conn: Connection, stamp: ColumnElement[Any]) -> ColumnElement[Any]:
    """Whether the clock has passed the newest stamp's second: SQLite's CURRENT_TIMESTAMP counts whole seconds;
    PostgreSQL's stamps carry microseconds."""
    if conn.dialect.name != "sqlite":
        return true()
    return func.strftime("%s", "now").cast(Integer) > func.strftime("%s", func.max(stamp)).cast(Integer)


# Derived data checked against the database on every use, one per engine for the life of the engine.
_INDEXES: weakref.WeakKeyDictionary[Engine, CompanyIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def company_index(engine: Engine) -> CompanyIndex:
    with _INDEXES_LOCK:
        found = _INDEXES.get(engine)
        if found is None:
            found = _INDEXES[engine] = CompanyIndex()
        return found
