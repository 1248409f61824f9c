# The two set-up commands of the README work on a fresh Debian machine with Go:
#   make demo   installs what is missing, then plans the embedded sample week
#   make test   installs what is missing (Chromium too, for the report's
#               browser tests), then runs vet and the race-enabled tests
GO       ?= go
OUT      ?= rota-out
DEBS     := coinor-libcbc-dev coinor-libclp-dev coinor-cbc pkg-config g++
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps browser demo test race bench fuzz fmt vet build clean

# deps installs the COIN-OR libraries, the cbc program the tests compare
# against, and g++ for the binding's C++ shim, when any is missing.
deps:
	@if ! pkg-config --exists cbc clp 2>/dev/null || ! command -v cbc >/dev/null || ! command -v g++ >/dev/null; then \
		echo "installing $(DEBS)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEBS) >/dev/null; \
	fi

# browser installs Debian's Chromium, which the report's browser tests drive
# (package report, through chromedp), when it is missing.
browser:
	@if ! command -v chromium >/dev/null; then \
		echo "installing chromium"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; \
	fi

build: deps
	$(GO) build -o bin/rota ./cmd/rota

demo: build
	./bin/rota validate
	./bin/rota solve --out $(OUT)
	./bin/rota check --rota $(OUT)
	@echo "open $(OUT)/report.html in a browser; diaries in $(OUT)/calendars/"

test: deps browser
	@test -z "$$(gofmt -l . | tee /dev/stderr)" || (echo "gofmt: files above need formatting" && exit 1)
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem ./benchmarks/

fuzz: deps
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime 60s ./model/

clean:
	rm -rf bin $(OUT)
