# Frontline — two commands do everything:
#   make run    install what is missing, build, and start the game
#   make test   install what is missing, build, and run every test
#   make package   the .deb and .tar.gz for a class's machines (README "Installing on a class's machines")
#
# Builds go to $(CARGO_TARGET_DIR) (default ~/.cache/frontline/target) so that repeated runs and CI
# reuse compiled dependencies. Both commands use the same (dev) profile, so nothing is built twice.

SHELL := /bin/bash
CARGO_TARGET_DIR ?= $(HOME)/.cache/frontline/target
export CARGO_TARGET_DIR
CARGO ?= cargo

# Needed to build (ALSA headers for audio, pkg-config to find them; libudev for input devices).
BUILD_PACKAGES := pkg-config libasound2-dev libudev-dev
# Needed to open a window and render without a GPU driver of the machine's own.
RUN_PACKAGES := libx11-6 libxcursor1 libxrandr2 libxi6 libxkbcommon-x11-0 libvulkan1 mesa-vulkan-drivers
# Needed by the tests that open a real window on a virtual screen, render the class report in a
# real browser (Chromium) whose screenshot ImageMagick checks, and render a scenario's map (Graphviz).
TEST_PACKAGES := xvfb xauth chromium imagemagick graphviz

.PHONY: run test package deps-run deps-test deps-package toolchain check fmt

run: deps-run
	@echo "==> Building and starting Frontline (first build takes a few minutes)"
	$(CARGO) run --bin frontline

test: deps-test
	@echo "==> The core's tests, built without the game and the command line (no Bevy, no clap)"
	$(CARGO) test --no-default-features --lib --test core
	@echo "==> The command line and the game (headless), and the examples build"
	$(CARGO) test --lib --test cli --test game_headless --examples
	@echo "==> Checking the shipped scenarios"
	$(CARGO) run --quiet --bin frontline -- check scenarios --deny-warnings
	@echo "==> Analysing the shipped scenarios for fairness (no smell may be left)"
	$(CARGO) run --quiet --bin frontline -- analyze scenarios > /dev/null
	@echo "==> Opening the game in a virtual screen (Xvfb) and capturing its screens"
	bash scripts/capture-screens.sh
	@echo "==> Rendering an exam's class report in headless Chromium"
	bash scripts/check-report-html.sh
	@echo "==> Sending an exam's xAPI statements to a real LRS (Learning Locker xapi-statements, via npm)"
	bash scripts/check-real-lrs.sh

package: deps-package
	@bash scripts/package.sh

check:
	$(CARGO) run --quiet --bin frontline -- check scenarios

fmt:
	$(CARGO) fmt

toolchain:
	@command -v $(CARGO) >/dev/null 2>&1 || { echo "error: cargo (Rust) is missing: install it from https://rustup.rs" >&2; exit 1; }
	@echo "==> Rust: $$($(CARGO) --version)"

deps-run: toolchain
	@bash scripts/ensure-system-packages.sh $(BUILD_PACKAGES) $(RUN_PACKAGES)

deps-package: toolchain
	@bash scripts/ensure-system-packages.sh $(BUILD_PACKAGES) dpkg-dev

deps-test: toolchain
	@bash scripts/ensure-system-packages.sh $(BUILD_PACKAGES) $(RUN_PACKAGES) $(TEST_PACKAGES)
