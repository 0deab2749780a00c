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
	$(MAKE) --no-print-directory bench-check

## Benchmarks: `make bench` writes docs/benchmarks.md and docs/benchmarks-scaling.svg (about 10
## minutes on 2 cores once built). Time figures are reported, never asserted; only the size of
## the bundle is, by `make bench-check`. The page is measured in headless Chromium from dist/,
## which is rebuilt first when a source of the page is newer (after a `trunk serve`, which leaves
## a debug build there, run `make build` first).

.PHONY: bench bench-check

BENCH_OUT := bench/out
# As Trunk optimises the page's wasm: the level of data-wasm-opt in index.html, then the options
# of data-wasm-opt-params.
BENCH_WASM_OPT := -O$(or $(shell sed -n 's/.*data-wasm-opt="\([0-9sz]*\)".*/\1/p' index.html),z) \
  $(shell sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
BENCH_WASM := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/wasm32-unknown-unknown/release/rolecall_wasm.wasm
# Criterion's cases: all but the huge one, which the per-call timings of --bench native cover.
BENCH_CRITERION := ^(simulate|analyze/(small|typical|large|target))
# What `trunk build --release` reads: dist/ is rebuilt when one of them is newer.
PAGE_SOURCES := index.html Trunk.toml Cargo.toml Cargo.lock \
  $(shell find src www crates/engine/src crates/engine/data -type f 2>/dev/null)

dist/index.html: $(PAGE_SOURCES) | setup-build
	trunk build --release

bench: setup-build chromium bench/node_modules/.installed e2e/node_modules/.installed dist/index.html
	mkdir -p $(BENCH_OUT) && date +%s > $(BENCH_OUT)/started
	-cat /proc/loadavg > $(BENCH_OUT)/loadavg-start
	cargo build --release --target wasm32-unknown-unknown -p rolecall-wasm
	wasm-bindgen --target nodejs --no-typescript --out-dir bench/pkg $(BENCH_WASM)
	wasm-opt $(BENCH_WASM_OPT) -o bench/pkg/rolecall_wasm_bg.wasm bench/pkg/rolecall_wasm_bg.wasm
	echo '{"type": "commonjs"}' > bench/pkg/package.json
	cargo bench -p rolecall-engine --bench native -- --out $(CURDIR)/$(BENCH_OUT)
	CRITERION_HOME=$(CURDIR)/$(BENCH_OUT)/criterion \
	  cargo bench -p rolecall-engine --bench engine -- '$(BENCH_CRITERION)'
	node bench/compare.mjs --fixtures $(BENCH_OUT)
	node bench/profile.mjs --out $(BENCH_OUT)/profile.json
	node bench/page.mjs --dist dist --out $(BENCH_OUT)/page.json --case $$(ls $(BENCH_OUT)/analyze/target-*.json)
	node bench/report.mjs --out-dir $(BENCH_OUT) --wasm-opt '$(BENCH_WASM_OPT)' --started $$(cat $(BENCH_OUT)/started)

# The page's bundle: every file in dist/, gzip -9, at most 350 KB (350,000 bytes).
bench-check:
	@[ -d dist ] || $(MAKE) --no-print-directory build
	node bench/bundle-size.mjs dist --max-bytes 350000

## Fuzzing: `make fuzz` runs every cargo-fuzz target for FUZZ_SECONDS each (default 600), from
## the seed corpora in fuzz/corpus/ (built from the test corpora). cargo-fuzz drives libFuzzer,
## which needs unstable compiler flags: RUSTC_BOOTSTRAP lets the stable toolchain accept them.

.PHONY: fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := inputs simulate evaluator share

fuzz:
	@cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p out/$$t && cp -n corpus/$$t/* out/$$t/ 2>/dev/null || true; \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none -O $$t out/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -print_final_stats=1 || exit 1; \
	done
