# Developer conveniences; the Quick start itself is `bash build.sh demo|test` (needs no make).
#   make demo   install missing packages, build the CLI, run the demo on a fresh SQLite file
#   make test   install missing packages, build everything, run the whole test suite
#   make asan   the suite under AddressSanitizer + UndefinedBehaviorSanitizer
BUILD ?= build/release
TYPE  ?= RelWithDebInfo
JOBS  ?= 2
# CI (CI=true) treats warnings as errors; locally they stay warnings.
WERROR ?= $(if $(filter true,$(CI)),ON,OFF)
CMAKE_FLAGS ?=
BUILD_ENV = BUILD_DIR='$(BUILD)' BUILD_TYPE='$(TYPE)' JOBS='$(JOBS)' WERROR='$(WERROR)' \
            CMAKE_FLAGS='$(CMAKE_FLAGS)'

.PHONY: deps build demo test asan serve format clean

deps:
	@bash .ci/deps.sh build test

build:
	$(BUILD_ENV) bash build.sh all

demo:
	$(BUILD_ENV) bash build.sh demo

test:
	$(BUILD_ENV) bash build.sh test

# The suite again under AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors.
# Builds only what the suite runs: the examples exist for the packaging tests, which (with the
# header checks, also labelled packaging) need no sanitizer run.
asan:
	@bash .ci/deps.sh build test
	cmake --preset asan-ubsan -DEVENTCOLLAB_BUILD_EXAMPLES=OFF >/dev/null
	cmake --build --preset asan-ubsan -j$(JOBS)
	ctest --preset asan-ubsan -j$(JOBS) -LE packaging

serve:
	$(BUILD_ENV) bash build.sh cli
	$(BUILD)/cli/eventcollab serve

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
