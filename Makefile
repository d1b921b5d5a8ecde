# The kiosk's everyday commands. `make run` and `make test` install what is
# missing first (build/install-deps.sh), so both work on a fresh
# Debian/Ubuntu machine.

GO        ?= go
GOBIN     := $(shell $(GO) env GOPATH)/bin
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
# The appliance's build tags. no_emoji leaves out Fyne's 4 MB colour emoji
# font, which every text style would otherwise parse into memory; the kiosk
# writes no emoji, and ui/font_test.go checks its words are all in the
# bundled Noto Sans.
APPLIANCE_TAGS := noos,no_emoji
# Fyne reads the locale from LANG; a real one keeps it from logging an error,
# and the kiosk speaks Vietnamese first.
export LANG := vi_VN.UTF-8

.PHONY: all run test deps deps-run vet staticcheck unit ui-headless appliance-check fuzz bench build clean

all: build

deps:
	@build/install-deps.sh

deps-run:
	@build/install-deps.sh run

## run: start the kiosk in demo mode in a window
run: deps-run
	$(GO) run -ldflags '$(LDFLAGS)' ./firmware/cmd/kiosk run

## test: vet, staticcheck and every test (the fuzz seed corpora included)
test: deps vet staticcheck unit ui-headless appliance-check

vet:
	@unformatted=$$($$($(GO) env GOROOT)/bin/gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

staticcheck:
	$(GOBIN)/staticcheck ./...

# ui/ is tested by ui-headless, without cgo as the appliance builds it.
unit:
	$(GO) test -count=1 $$($(GO) list ./... | grep -v 'motcua/kiosk/ui')

# The screens must build and test without cgo or a driver (DESIGN §3).
ui-headless:
	CGO_ENABLED=0 $(GO) test -count=1 ./ui/...

# The appliance's own files (tag noos) are left out of the default build:
# vet, staticcheck and their unit tests (TestNoos*) with the tags it ships
# with. The appliance binary itself is tested end to end by `unit`.
appliance-check:
	CGO_ENABLED=0 $(GO) vet -tags $(APPLIANCE_TAGS) ./firmware/... ./devices/... ./storage/...
	CGO_ENABLED=0 $(GOBIN)/staticcheck -tags $(APPLIANCE_TAGS) ./firmware/... ./devices/... ./storage/...
	CGO_ENABLED=0 $(GO) test -count=1 -tags $(APPLIANCE_TAGS) -run '^TestNoos' ./firmware/cmd/kiosk/

## fuzz: a short coverage-guided run of the code parser
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./firmware/code/

## bench: every benchmark, figures printed and written to BENCHMARKS.md
bench:
	$(GO) run ./build/cmd/benchmd -go $(GO) -out BENCHMARKS.md ./...

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o bin/kiosk ./firmware/cmd/kiosk

## dist: the appliance (framebuffer, evdev, no cgo) for the Pi: arm64, armv7, armv6
.PHONY: dist
DIST_FLAGS := -trimpath -tags $(APPLIANCE_TAGS) -ldflags '$(LDFLAGS)'
dist:
	rm -rf dist && mkdir -p dist
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build $(DIST_FLAGS) -o dist/kiosk-linux-arm64 ./firmware/cmd/kiosk
	CGO_ENABLED=0 GOOS=linux GOARCH=arm GOARM=7 $(GO) build $(DIST_FLAGS) -o dist/kiosk-linux-armv7 ./firmware/cmd/kiosk
	CGO_ENABLED=0 GOOS=linux GOARCH=arm GOARM=6 $(GO) build $(DIST_FLAGS) -o dist/kiosk-linux-armv6 ./firmware/cmd/kiosk
	# Raspberry Pi OS's armhf is built for ARMv6 (Pi 1 and Zero too), so the
	# armhf package carries the ARMv6 binary.
	$(GO) run ./build/cmd/mkdeb -binary dist/kiosk-linux-arm64 -arch arm64 -version '$(VERSION)' -out dist
	$(GO) run ./build/cmd/mkdeb -binary dist/kiosk-linux-armv6 -arch armhf -version '$(VERSION)' -out dist
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o dist/kioskctl-linux-amd64 ./build/cmd/kioskctl
	@ls -l dist

clean:
	rm -rf bin dist
