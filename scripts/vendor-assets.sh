#!/bin/sh
# Fetch the browser assets the web pages use from npm and copy the built files into the package.
# Run by hand when upgrading; the copied files are committed, so nothing is fetched at install or run time.
set -eu
HTMX_VERSION="${HTMX_VERSION:-2.0.4}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATIC="$ROOT/src/partnerops/web/static"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "htmx.org@$HTMX_VERSION" >/dev/null
tar -xzf "htmx.org-$HTMX_VERSION.tgz"
cp package/dist/htmx.min.js "$STATIC/htmx.min.js"
cp package/LICENSE "$STATIC/htmx.LICENSE"
echo "vendored htmx.org $HTMX_VERSION into $STATIC"
