# Thin wrapper over CMake for the two Quick start commands and a few developer chores.
#   make demo   install missing packages, build, run the CLI demo on a fresh SQLite file
#   make test   install missing packages, build, run the whole test suite
BUILD ?= build/release
TYPE  ?= RelWithDebInfo
JOBS  ?= 2
# CI (CI=true) treats warnings as errors; locally they stay warnings.
WERROR ?= $(if $(filter true,$(CI)),ON,OFF)
CMAKE_FLAGS ?=

.PHONY: deps build demo test asan serve format clean

deps:
	@bash .ci/deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE) \
	  -DEVENTCOLLAB_WARNINGS_AS_ERRORS=$(WERROR) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	bash examples/demo.sh $(BUILD)/cli/eventcollab

test: build
	ctest --test-dir $(BUILD) -j$(JOBS) --output-on-failure

# The suite again under AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors.
# The packaging tests (install + consumer builds) already ran in `make test`.
asan: deps
	cmake --preset asan-ubsan
	cmake --build --preset asan-ubsan -j$(JOBS)
	ctest --preset asan-ubsan -j$(JOBS) -LE packaging

serve: build
	$(BUILD)/cli/eventcollab serve

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
