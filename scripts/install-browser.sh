#!/usr/bin/env bash
# Installs Debian's Chromium and chromedriver, which the HTML report's browser test and the
# what-if app's browser test drive headless, only when they are missing. Safe to run any number
# of times; used by CI.
set -euo pipefail

missing=()
have_browser=""
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then have_browser=1; fi
done
[ -n "$have_browser" ] || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "install-browser: installing ${missing[*]} with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "install-browser: please install Chromium and chromedriver (the browser tests drive them)" >&2
  exit 1
fi
command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1
