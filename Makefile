# rolecall: `make serve` to use the playground, `make test` to check everything.
# Each target installs what it needs when it is missing, and skips what is already there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TRUNK_VERSION := 0.21.14
# Must equal the `wasm-bindgen` crate version pinned in Cargo.toml.
WASM_BINDGEN_VERSION := 0.2.130
PORT ?= 8080

CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CURDIR)/tools/node_modules/.bin:$(CARGO_HOME)/bin:$(PATH)
# Playwright drives Debian's Chromium; it must never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help serve build test setup-build setup-test wasm-target trunk wasm-bindgen chromium

help:
	@echo "make serve   build the playground and serve it on http://127.0.0.1:$(PORT)"
	@echo "make test    formatting, lints, native + browser tests, release build, end-to-end tests"
	@echo "make build   build the release bundle into dist/"

## Set-up: each step is skipped when its tool is already there at the right version.

setup-build: wasm-target trunk wasm-bindgen tools/node_modules/.installed
setup-test: setup-build chromium e2e/node_modules/.installed bench/node_modules/.installed

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown

trunk:
	@trunk --version 2>/dev/null | grep -qx "trunk $(TRUNK_VERSION)" || { \
	  echo "installing trunk $(TRUNK_VERSION): compiling it takes about 13 minutes on 2 cores, once"; \
	  cargo install trunk --locked --version $(TRUNK_VERSION); }

# Not --locked: its lockfile pins a crate version that the registry no longer serves.
wasm-bindgen:
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" || { \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION): about 4 minutes, once"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); }

chromium:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  echo "installing Debian's chromium and chromium-driver for the browser tests"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium chromium-driver; }

# wasm-opt from npm's binaryen: Debian's is too old for what rustc emits.
tools/node_modules/.installed: tools/package.json tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund
	@touch $@

e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	npm ci --prefix e2e --no-audit --no-fund
	@touch $@

# The reference IAM simulator for the differential test: development-only (AGPL), never bundled.
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	@touch $@

## The two commands, and the build both use.

build: setup-build
	trunk build --release

serve: build
	node tools/serve.mjs dist $(PORT)

test: setup-test
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p rolecall-web --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo run -q -p xtask -- catalog --check
	ROLECALL_REQUIRE_REFERENCE=1 cargo test --workspace
	cargo test -p rolecall-web --target wasm32-unknown-unknown --tests
	trunk build --release
	cd e2e && npx playwright test
