#!/usr/bin/env bash
# Installs (Debian's postgresql) and starts a PostgreSQL server on loopback for the test suite,
# with a superuser role `partnerops`. Prints the URL the tests use. Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "installing postgresql (Debian package)..." >&2
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
# The suite's workers, its race tests (a connection per racing thread) and the servers it starts each hold
# connections; Debian's default of 100 leaves no headroom, so the server is given 300 (restarted once).
if [ "$(su postgres -c "psql -p $port -qAtc 'show max_connections'")" -lt 300 ]; then
  su postgres -c "psql -p $port -qc 'alter system set max_connections = 300'" >&2
  pg_ctlcluster "$version" main restart >&2
  for _ in $(seq 1 30); do
    su postgres -c "psql -p $port -qAtc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
  done
fi
su postgres -c "psql -p $port -qAtc \"select 1 from pg_roles where rolname = 'partnerops'\"" | grep -q 1 ||
  su postgres -c "psql -p $port -qc \"create role partnerops login superuser password 'partnerops'\"" >&2
echo "postgresql://partnerops:partnerops@127.0.0.1:$port/postgres"
