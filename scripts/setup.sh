#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already there. Everything comes
# from the registries this project may reach (crates, npm, PyPI, Debian): nothing is downloaded
# from elsewhere, so Trunk runs offline with tools found on PATH.
#
#   scripts/setup.sh                  everything (make setup, make run, make test)
#   scripts/setup.sh session          only the session server, y-sweet (make session)
#   scripts/setup.sh session-cluster  y-sweet, nginx and the S3 store (make session-cluster)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

Y_SWEET_VERSION=0.9.1
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH:/usr/sbin"

# Debian packages, without starting any service they bring (nginx would start the system's on
# port 80 where services start on install; the cluster runs its own).
apt_install() {
  local no_start=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && no_start=1
  fi
  local status=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } || status=$?
  if [ -n "$no_start" ]; then rm -f /usr/sbin/policy-rc.d; fi
  return "$status"
}

# The live-session server: y-sweet speaks the y-websocket protocol and keeps rooms on disk or S3.
session_server() {
  if [ "$(y-sweet version 2>/dev/null)" != "$Y_SWEET_VERSION" ]; then
    say "Installing y-sweet $Y_SWEET_VERSION, the session server (about 6 minutes)"
    cargo install y-sweet --version "$Y_SWEET_VERSION" --locked
  fi
}

# Several y-sweet instances behind nginx on one S3 store: Debian's nginx, run as the user with a
# generated config (never the system's), and moto's S3 server from PyPI in the project's .venv.
session_cluster() {
  session_server
  if ! command -v nginx >/dev/null; then
    say "Installing nginx from Debian"
    apt_install nginx
  fi
  if [ ! -x .venv/bin/python ]; then
    say "Making the Python venv .venv"
    python3 -m venv .venv
  fi
  # Adds to whatever else .venv holds; the copy of the requirements inside .venv says it is done.
  if ! cmp -s scripts/requirements-session.txt .venv/.requirements-session.txt; then
    say "Installing moto's S3 server into .venv (scripts/requirements-session.txt)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r scripts/requirements-session.txt
    cp scripts/requirements-session.txt .venv/.requirements-session.txt
  fi
}

case "${1:-all}" in
  session) session_server; exit 0 ;;
  session-cluster) session_cluster; exit 0 ;;
  all) ;;
  *) echo "usage: $0 [session|session-cluster]" >&2; exit 2 ;;
esac

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v xmllint >/dev/null || ! command -v nginx >/dev/null; then
  say "Installing Chromium, ChromeDriver, xmllint and nginx from Debian"
  apt_install chromium chromium-driver libxml2-utils nginx
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "Installing trunk $TRUNK_VERSION (about 10 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Its own lockfile pins a yanked crate, so --locked fails; the version is pinned all the same.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Cuts the page's WebAssembly into modules fetched on first use (scripts/split_page.py).
WASM_SPLIT_VERSION=0.2.4
# (The tool has no --version: cargo's list of what it installed says which one is there.)
if ! command -v wasm-split-cli >/dev/null || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "Installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/y-websocket ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
fi

# Trunk passes --offline to cargo, so every crate must be in the local registry first.
cargo fetch --quiet

# The end-to-end tests run the session server, alone and as a cluster.
session_cluster
