#!/usr/bin/env bash
# Install the web UI's browser assets from the npm registry and copy them into
# src/strikewatch/web/static/vendor/ (git-ignored). Run once at set-up; the server never
# fetches anything at run time, and the pages still work (without the map) when this is skipped.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$here/src/strikewatch/web"
vendor="$web/static/vendor"

if ! command -v npm >/dev/null 2>&1; then
    echo "web_assets: npm not found; install Node.js/npm (apt-get install -y npm) and re-run" >&2
    exit 1
fi

cd "$web"
# --ignore-scripts: these packages need no install scripts (and swagger-ui-dist's telemetry dependency must not run).
if [ -f package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
else
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error
fi

rm -rf "$vendor"
mkdir -p "$vendor/leaflet/images" "$vendor/swagger-ui"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$vendor/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$vendor/leaflet/images/"
cp node_modules/leaflet/LICENSE "$vendor/leaflet/LICENSE"
cp node_modules/topojson-client/dist/topojson-client.min.js "$vendor/"
cp node_modules/topojson-client/LICENSE "$vendor/topojson-client.LICENSE"
cp node_modules/world-atlas/countries-50m.json node_modules/world-atlas/countries-110m.json "$vendor/"
cp node_modules/world-atlas/LICENSE "$vendor/world-atlas.LICENSE"
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css "$vendor/swagger-ui/"
cp node_modules/swagger-ui-dist/LICENSE "$vendor/swagger-ui/LICENSE"

echo "web_assets: installed into $vendor"
ls -R "$vendor" | head -40
