#!/usr/bin/env bash
# Installs the Debian packages the test suite drives, when missing: Chromium (the browser tests), a Java
# runtime (the Spark test of the analytics engine) and libsodium (private overlap's ristretto255 arithmetic). Needs root only when something is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
compgen -G '/usr/lib/*/libsodium.so.*' >/dev/null || missing+=(libsodium23)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian packages)..." >&2
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
fi
