#!/usr/bin/env bash
# Installs what FunnelSim needs beyond the Swift toolchain (GNU GSL and pkg-config), and for
# the tests openpyxl (the workbook test reads `--format xlsx` back with it), only when it is
# missing. Safe to run any number of times; used by the README and by CI.
set -euo pipefail

missing=()
pkg-config --exists gsl 2>/dev/null || missing+=(libgsl-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)

if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "setup: installing ${missing[*]} with apt-get" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v brew >/dev/null 2>&1; then
    brew install gsl pkg-config
  else
    echo "setup: please install GNU GSL (libgsl-dev) and pkg-config" >&2
    exit 1
  fi
fi

# The tests read workbooks back with a real reader (Tests/CommandLineTests/WorkbookTests.swift).
if command -v python3 >/dev/null 2>&1 && ! python3 -c "import openpyxl" 2>/dev/null; then
  echo "setup: installing openpyxl with pip" >&2
  python3 -m pip install -q openpyxl 2>/dev/null \
    || python3 -m pip install -q --break-system-packages openpyxl
fi

command -v swift >/dev/null 2>&1 || {
  echo "setup: the Swift toolchain (6.1 or later) is required: https://swift.org/install" >&2
  exit 1
}

# The browser tests (the HTML report, the what-if app) drive headless Chromium through
# chromedriver; without them those tests are skipped outside CI, so a failure here is a warning.
"$(dirname "$0")/install-browser.sh" ||
  echo "setup: Chromium or chromedriver could not be installed; the browser tests will be skipped" >&2
