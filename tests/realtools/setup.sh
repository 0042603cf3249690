#!/usr/bin/env bash
# Install the pinned JavaScript test tools (package-lock.json) that tests/realtools runs, into
# tests/realtools/js/node_modules, and the tools pinned below (EXTRA) into
# tests/realtools/js/extra/node_modules. Safe to run again: does nothing when the installs
# match. Without node/npm it says so and exits 0: those tests then skip.
set -euo pipefail

js_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/js"
stamp="$js_dir/node_modules/.realtools-lock.json"
extra_dir="$js_dir/extra"
# Tools whose own reporters reportgen reads (cucumber-js's JSON, jest's CTRF, TRX and xUnit
# reporters, node-tap): package@version, exact.
EXTRA=("@cucumber/cucumber@12.9.0" "jest-ctrf-json-reporter@0.0.11"
  "jest-trx-results-processor@3.0.2" "jest-xunit@1.0.11" "tap@21.8.0")

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "realtools: node/npm not found; the JavaScript real-tool tests will skip" >&2
  exit 0
fi

if [ -f "$stamp" ] && cmp -s "$stamp" "$js_dir/package-lock.json"; then
  echo "realtools: JavaScript test tools already installed"
else
  cd "$js_dir"
  # --prefer-offline reuses npm's cache when it has the pinned tarballs.
  npm ci --prefer-offline --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
  echo "realtools: installed $(node -e 'const d=require("./package.json").devDependencies; console.log(Object.entries(d).map(([k,v])=>k+"@"+v).join(" "))')"
fi

extra_stamp="$extra_dir/node_modules/.realtools-extra"
if [ -f "$extra_stamp" ] && [ "$(cat "$extra_stamp")" = "${EXTRA[*]}" ]; then
  echo "realtools: ${EXTRA[*]} already installed"
  exit 0
fi
mkdir -p "$extra_dir"
# No package.json or lock file is written: the versions above are the pins.
npm install --prefix "$extra_dir" --no-save --no-package-lock --prefer-offline --no-audit \
  --no-fund --loglevel=error "${EXTRA[@]}"
printf '%s' "${EXTRA[*]}" >"$extra_stamp"
echo "realtools: installed ${EXTRA[*]}"
