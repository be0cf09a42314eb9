# The two commands of the README: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
Y_SWEET ?= y-sweet

.PHONY: setup run build size test test-native test-wasm test-e2e lint fuzz bench session session-cluster

setup:
	@scripts/setup.sh

## Builds the release app and serves it on http://127.0.0.1:8080 (SERVE_PORT=… for another port)
## as users get it: no reload script (the page's Content-Security-Policy would refuse it), and
## built into target/served so that `make test`, which builds dist/, can run beside it.
SERVE_PORT ?= 8080
run: setup
	trunk serve --release --no-autoreload --dist target/served --port $(SERVE_PORT)

## The live-session server (y-sweet) on ws://127.0.0.1:8090, rooms kept in .sessions/; Ctrl+C stops it.
session:
	@scripts/setup.sh session
	$(Y_SWEET) serve .sessions --port 8090

## The session server past one machine: nginx on 127.0.0.1:8090 routing each room to one of two
## y-sweet instances on an S3 store (moto), another taking the room when one is down; Ctrl+C stops all.
session-cluster:
	@scripts/setup.sh session-cluster
	@scripts/session_cluster.sh --port 8090

## Builds the release app into dist/ and prints its shipped size.
build: setup
	trunk build --release
	@scripts/size.sh

## Every test layer: lint, native crates, DOM glue in headless Chromium, end to end with Playwright.
test: setup
	$(MAKE) --no-print-directory lint test-native test-wasm
	trunk build --release
	@scripts/size.sh
	$(MAKE) --no-print-directory test-e2e

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --all-features --quiet -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --bin sync_worker --features live --quiet -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --bin communique-annotator --features split --quiet -- -D warnings

test-native:
	cargo test --workspace --all-features

test-wasm:
	cargo test --target wasm32-unknown-unknown --test dom_glue

test-e2e:
	node --test --test-concurrency=1 e2e/

## Fuzzes every importer and anchoring, FUZZ_SECONDS each (default 60): make fuzz FUZZ_SECONDS=300
fuzz:
	@scripts/fuzz.sh

## The benchmark against @recogito/text-annotator: prints a table, writes bench/results.json
bench: build
	node bench/run.mjs
