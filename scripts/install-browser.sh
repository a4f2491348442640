#!/usr/bin/env bash
# Installs Debian's Chromium, which the HTML report's browser test opens headless, only when
# no Chromium is on the PATH. Safe to run any number of times; used by CI.
set -euo pipefail

for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "install-browser: installing chromium with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
else
  echo "install-browser: please install Chromium (the HTML report test opens it headless)" >&2
  exit 1
fi
command -v chromium >/dev/null 2>&1
