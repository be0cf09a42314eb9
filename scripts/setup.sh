#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already there. Everything comes
# from the registries this project may reach (crates, npm, Debian): nothing is downloaded from
# elsewhere, so Trunk runs offline with tools found on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v xmllint >/dev/null; then
  say "Installing Chromium, ChromeDriver and xmllint from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver libxml2-utils >/dev/null
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

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
fi

# Trunk passes --offline to cargo, so every crate must be in the local registry first.
cargo fetch --quiet
