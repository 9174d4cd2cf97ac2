# pricewatch: `make demo` and `make test` are the two commands a new user needs.
SHELL := /bin/bash
APT_PACKAGES := libcurl4-openssl-dev libxml2-dev libsqlite3-dev pkg-config zlib1g-dev libbrotli-dev
SWIFT ?= swift
BIN := .build/release/pricewatch

.PHONY: deps build release demo test fuzz bench aspects clean build-postgres test-postgres

# Installs missing system packages when run as root on Debian; otherwise prints the command.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing system packages:$$missing"; echo "run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

# The same flags as bench/run (so neither rebuilds the other's modules): the Swift runtime and
# Foundation linked in, lld with packed relative relocations, and the functions a crawl runs linked
# next to each other - each function in its own section, placed by bench/symbol-order.txt (written
# by scripts/symbol-order; a stale list only packs less well, it never fails the link). The crawl
# benchmark's peak RSS: ~46 MB without the ordering, ~40.5 MB with it.
RELEASE_FLAGS := --static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs \
	-Xswiftc -Xfrontend -Xswiftc -function-sections \
	-Xlinker --symbol-ordering-file=$(CURDIR)/bench/symbol-order.txt -Xlinker --no-warn-symbol-ordering

release: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product pricewatch

demo: release
	$(BIN) demo --out reports

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Generated hostile inputs (robots.txt, YAML, HTML, price texts, CSV) through the real entry points
# for FUZZ_SECONDS; fails on a crash, one input past its time budget, or memory past its cap, and
# prints the command that replays the failing input. A new seed each run (FUZZ_SEED=N to repeat one).
FUZZ_SECONDS ?= 60
fuzz: deps
	$(SWIFT) build --product pricewatch-fuzz
	.build/debug/pricewatch-fuzz --seconds $(FUZZ_SECONDS) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

# The PostgreSQL backend (shared store and frontier for many workers) builds only when asked:
# postgres-nio and its SwiftNIO stack take minutes on 2 cores, kept out of `make test`/`make demo`.
PG_SCRATCH := .build-pg
PG_DIR ?= /tmp/pricewatch-pg-$(notdir $(CURDIR))
PG_PORT ?= 55432

build-postgres: deps
	$(SWIFT) build -c release --traits Postgres --scratch-path $(PG_SCRATCH) --product pricewatch
	@echo "built $(PG_SCRATCH)/release/pricewatch with PostgreSQL support"

# Starts a throwaway PostgreSQL (Debian's package) on 127.0.0.1:$(PG_PORT) (or the next free port), runs the store contract and
# the worker tests against it with the trait on, and stops the server again.
test-postgres: deps
	$(SWIFT) build --build-tests --traits Postgres --scratch-path $(PG_SCRATCH)
	@url=$$(scripts/pg-test-server start $(PG_DIR) $(PG_PORT)) || exit 1; \
	PRICEWATCH_TEST_POSTGRES=$$url $(SWIFT) test --skip-build --traits Postgres --scratch-path $(PG_SCRATCH) --filter PostgresStoreTests; \
	status=$$?; scripts/pg-test-server stop $(PG_DIR) $(PG_PORT); exit $$status

bench: deps
	bench/run

aspects:
	python3 scripts/sentiment/embed_aspects.py

clean:
	rm -rf .build
