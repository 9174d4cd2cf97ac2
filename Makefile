# pricewatch: `make demo` and `make test` are the two commands a new user needs.
SHELL := /bin/bash
APT_PACKAGES := libcurl4-openssl-dev libxml2-dev libsqlite3-dev pkg-config zlib1g-dev libbrotli-dev
SWIFT ?= swift
BIN := .build/release/pricewatch

.PHONY: deps build release demo test bench aspects clean

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

release: deps
	$(SWIFT) build -c release --product pricewatch

demo: release
	$(BIN) demo --out reports

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	bench/run

aspects:
	python3 scripts/sentiment/embed_aspects.py

clean:
	rm -rf .build
