# Domicilia — entry points. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO      ?= cargo
PORT       ?= 8080
DATA_DIR   ?= data
DB_URL     ?= sqlite://$(DATA_DIR)/domicilia.sqlite?mode=rwc
BIN        := target/release/domicilia
DEBUG_BIN  := target/debug/domicilia
FREE_PORT   = $$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

.PHONY: help setup frontend build run test test-unit test-sqlite test-postgres test-contract test-browser lint lint-wasm fmt fmt-check openapi bench clean

help:
	@echo "make run    build everything, migrate and seed an SQLite database, serve on http://localhost:$(PORT)"
	@echo "make test   every test: format, lints (while building), unit, API on SQLite and PostgreSQL, contract, browser"
	@echo "make lint | openapi | bench | frontend | clean"

setup: ## toolchain pieces that may be missing on a fresh machine (idempotent)
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

frontend: setup
	bash scripts/build-frontend.sh

build: frontend
	$(CARGO) build --release -p domicilia

run: build
	@mkdir -p $(DATA_DIR)
	DATABASE_URL='$(DB_URL)' $(BIN) migrate
	DATABASE_URL='$(DB_URL)' $(BIN) seed demo
	@echo "Domicilia on http://localhost:$(PORT)  (API docs: http://localhost:$(PORT)/api/docs/)"
	DATABASE_URL='$(DB_URL)' PORT=$(PORT) DOMICILIA_LOG_FORMAT=$${DOMICILIA_LOG_FORMAT:-pretty} $(BIN) serve

# `make test` lints while it builds: clippy's driver wraps rustc (RUSTC_WRAPPER) in every
# build of the workspace the tests need anyway, with -D warnings, so the workspace (tests
# included) and the web app's server-side code (a path dependency of the backend) are
# linted without a second compilation of every dependency in check mode (≈ 7 minutes less
# on a fresh 2-core machine). Crates from crates.io are compiled with --cap-lints allow,
# which the driver leaves to plain rustc. The wasm apps: `lint-wasm`. `make lint` is the
# same check on its own.
CLIPPY_DRIVER := $(shell rustc --print sysroot 2>/dev/null)/bin/clippy-driver
ifneq ($(filter test,$(MAKECMDGOALS)),)
export RUSTC_WRAPPER := $(CLIPPY_DRIVER)
export CLIPPY_ARGS := -D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
endif

fmt-check:
	$(CARGO) fmt --all -- --check
	cd frontend && $(CARGO) fmt -- --check

# The web app's wasm builds (client-rendered apps, and the public catalogue's hydrating
# one): linted on their own, since the release bundles must not be built by clippy's
# driver (it turns MIR optimisations off: larger bundles).
lint-wasm: setup
	cd frontend && env -u RUSTC_WRAPPER -u CLIPPY_ARGS $(CARGO) clippy --target wasm32-unknown-unknown -- -D warnings
	cd frontend && env -u RUSTC_WRAPPER -u CLIPPY_ARGS $(CARGO) clippy --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings

lint: setup fmt-check lint-wasm
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	# The server's rendering of the web app.
	cd frontend && $(CARGO) clippy --no-default-features --features ssr -- -D warnings

fmt:
	$(CARGO) fmt --all
	cd frontend && $(CARGO) fmt

openapi:
	@# Written to a temporary file first: the frontend's build reads the current
	@# document, so truncating it before the build would break the build itself.
	$(CARGO) run -q -p domicilia -- openapi > openapi/openapi.json.tmp
	mv openapi/openapi.json.tmp openapi/openapi.json
	@echo "openapi/openapi.json regenerated"

test: setup
	@MAKE='$(MAKE)' bash scripts/stages.sh fmt-check lint-wasm frontend test-sqlite test-postgres test-contract test-browser
	@echo "make test: all suites passed"

# Both API runs also store files in a throwaway S3-compatible store (moto).
test-sqlite:
	@s3=$$(mktemp -d /tmp/domicilia-s3.XXXXXX); \
	trap "bash scripts/s3-test.sh stop $$s3" EXIT; \
	eval "$$(bash scripts/s3-test.sh start $$s3 $(FREE_PORT))"; \
	$(CARGO) test --workspace
	@# The web app's own unit tests (its pure helpers), on the server's build of it: the
	@# workspace's target directory already holds its dependencies.
	cd frontend && CARGO_TARGET_DIR=$${CARGO_TARGET_DIR:-../target} $(CARGO) test --no-default-features --features ssr --lib

# The API tests' binary that test-sqlite built, run as it is (`cargo test --test api`
# relinked the backend: 27 s; `-p domicilia` alone rebuilt it and the web app's server
# side with other features: 1.5 min). Its path comes from cargo's own report.
API_TEST_BIN = $$($(CARGO) test --workspace --no-run -q --message-format=json | python3 -c 'import json, sys; print(*[m["executable"] for m in map(json.loads, sys.stdin.readlines()) if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "api" and m.get("executable")][:1])')

test-postgres:
	@dir=$$(mktemp -d /tmp/domicilia-pg.XXXXXX); port=$(FREE_PORT); \
	s3=$$(mktemp -d /tmp/domicilia-s3.XXXXXX); \
	trap "bash scripts/pg-test.sh stop $$dir; bash scripts/s3-test.sh stop $$s3" EXIT; \
	url=$$(bash scripts/pg-test.sh start $$dir $$port); \
	eval "$$(bash scripts/s3-test.sh start $$s3 $(FREE_PORT))"; \
	echo "PostgreSQL test cluster at $$url"; \
	bin=$(API_TEST_BIN); \
	test -x "$$bin" || { echo "test-postgres: no API test binary found" >&2; exit 1; }; \
	(cd backend && TEST_DATABASE_URL=$$url $$bin)

# The server of the contract and browser tests is the binary `cargo test` builds (its
# features unified with the tests'): after test-sqlite this is a no-op, where `cargo build
# -p domicilia` would compile a second set of dependencies (≈ 1 min on a fresh machine).
SERVER_BUILD = $(CARGO) test --workspace --no-run -q

test-contract: ## property-based contract test of the served OpenAPI document (schemathesis)
	$(SERVER_BUILD)
	bash scripts/contract-test.sh

test-browser: frontend
	$(SERVER_BUILD)
	@dir=$$(mktemp -d /tmp/domicilia-e2e.XXXXXX); port=$(FREE_PORT); \
	export DATABASE_URL="sqlite://$$dir/e2e.sqlite?mode=rwc" DOMICILIA_LOG_FORMAT=pretty \
	  DOMICILIA_MAIL_DIR="$$dir/mail" DOMICILIA_FILES_DIR="$$dir/files" DOMICILIA_PUBLIC_URL="http://127.0.0.1:$$port" \
	  DOMICILIA_TRUSTED_PROXIES="127.0.0.1, ::1"; \
	$(DEBUG_BIN) migrate >/dev/null; $(DEBUG_BIN) seed demo; \
	PORT=$$port DOMICILIA_HOST=127.0.0.1 $(DEBUG_BIN) serve > $$dir/server.log 2>&1 & pid=$$!; \
	trap "kill $$pid 2>/dev/null || true; rm -rf $$dir" EXIT; \
	for i in $$(seq 1 100); do curl -fsS -o /dev/null http://127.0.0.1:$$port/readyz && break; sleep 0.2; done; \
	BASE_URL=http://127.0.0.1:$$port MAIL_DIR="$$dir/mail" bash e2e/browser/run.sh || { tail -n 50 $$dir/server.log; exit 1; }

bench:
	bash scripts/bench.sh

clean:
	$(CARGO) clean
	rm -rf frontend/target frontend/dist
