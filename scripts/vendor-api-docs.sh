#!/bin/sh
# Fetch Swagger UI from npm and copy its built files into the package, for the API docs page at /api/v1/docs.
# Run by hand when upgrading; the copied files are committed, so nothing is fetched at install or run time.
set -eu
SWAGGER_UI_VERSION="${SWAGGER_UI_VERSION:-5.36.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATIC="$ROOT/src/partnerops/api/static"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "swagger-ui-dist@$SWAGGER_UI_VERSION" >/dev/null
tar -xzf "swagger-ui-dist-$SWAGGER_UI_VERSION.tgz"
mkdir -p "$STATIC"
# The source-map comment is dropped: the map is not shipped, and a browser would ask for it.
sed '/^\/\/# sourceMappingURL=/d' package/swagger-ui-bundle.js > "$STATIC/swagger-ui-bundle.js"
sed '/sourceMappingURL=/d' package/swagger-ui.css > "$STATIC/swagger-ui.css"
cp package/LICENSE "$STATIC/swagger-ui.LICENSE"
cp package/NOTICE "$STATIC/swagger-ui.NOTICE" 2>/dev/null || true
echo "vendored swagger-ui-dist $SWAGGER_UI_VERSION into $STATIC"
