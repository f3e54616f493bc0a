# Two commands do all the set-up on a fresh Debian 12 machine:
#   make run    installs what is missing, builds, opens the app with the demo scenario
#   make test   installs what is missing, builds, runs every test
# CI=1 turns warnings into errors (the `ci` preset).

PRESET := $(if $(CI),ci,dev)
BUILD  := build
JOBS   ?= $(shell nproc)

.PHONY: all deps configure build test run package asan asan-ui asan-all tsan clean

all: build

deps:
	@scripts/install-deps.sh

# Configures when there is no build yet, and again (from a fresh cache) when the preset
# differs from the one the build was configured with: `CI=1 make test` after `make` must
# build with -Werror, and `make` after it without.
configure: deps
	@if [ ! -f $(BUILD)/build.ninja ] || [ "$$(cat $(BUILD)/.pusher-preset 2>/dev/null)" != "$(PRESET)" ]; then \
	  echo "configuring $(BUILD) with preset $(PRESET)"; \
	  cmake --fresh --preset $(PRESET) -B $(BUILD) && echo "$(PRESET)" > $(BUILD)/.pusher-preset; \
	fi

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 600

# The Debian package (CPack; Depends computed by dpkg-shlibdeps): $(BUILD)/pusher_*.deb
package: build
	cd $(BUILD) && cpack -G DEB
	@ls $(BUILD)/pusher_*.deb

# Without a display (no $$DISPLAY or $$WAYLAND_DISPLAY) the app runs on a private Xvfb
# (scripts/headless.sh), which a Ctrl-C does not end before the app.
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(BUILD)/bin/pusher resources/scenarios/demo.json; \
	else echo "no display: running on a virtual X server (scripts/headless.sh)"; scripts/headless.sh $(BUILD)/bin/pusher resources/scenarios/demo.json; fi

# The core tests under AddressSanitizer+UBSan and under ThreadSanitizer.
asan: deps
	cmake --preset asan && cmake --build build-asan -j $(JOBS) --target core-tests
	ctest --preset asan -j $(JOBS)

# The GUI tests under AddressSanitizer+UBSan, offscreen (leak checks off: Qt's and
# fontconfig's one-time allocations at exit are not ours).
asan-ui: deps
	cmake --preset asan-ui && cmake --build build-asan-ui -j $(JOBS) --target ui-tests
	ctest --preset asan-ui -j $(JOBS)

# Both under one ASan build (CI): the core libraries are compiled once, not once per preset.
asan-all: deps
	cmake --preset asan-ui && cmake --build build-asan-ui -j $(JOBS) --target core-tests ui-tests
	ctest --preset asan-ui-core -j $(JOBS)
	ctest --preset asan-ui -j $(JOBS)

tsan: deps
	cmake --preset tsan && cmake --build build-tsan -j $(JOBS) --target core-tests
	ctest --preset tsan -j $(JOBS)

clean:
	rm -rf build build-asan build-asan-ui build-tsan build-release build-fuzz
