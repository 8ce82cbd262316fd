# ToneCoach: the commands README shows and CI runs. Every target installs what it needs first.
APT_PACKAGES := libfftw3-dev libasound2-dev libsndfile1-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
THRESHOLDS := Benchmarks/Thresholds/swift-6.3

.PHONY: deps demo test bench bench-check accuracy fixtures

## Install the Debian packages ToneCoach builds against (skipped when already there).
deps:
	@dpkg -s $(APT_PACKAGES) >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(APT_PACKAGES); }

## Build in release mode and analyse the bundled example call (no sound card needed).
demo: deps
	swift build -c release --product tonecoach
	.build/release/tonecoach analyze Tests/Fixtures/example-call.wav

## Run every test (the command CI runs).
test: deps
	swift build --build-tests
	swift test --skip-build

## Run the benchmarks and print their tables.
bench: deps
	swift package benchmark

## The CI gate: the real-time chain must not allocate (thresholds in $(THRESHOLDS)).
bench-check: deps
	swift package benchmark thresholds check --path $(THRESHOLDS) --filter 'ChainHop.*' --no-progress

## Pitch accuracy against Praat and pYIN on degraded speech (a report; needs espeak-ng, sox, PyPI packages).
accuracy: deps
	swift build -c release --product tonecoach
	python3 Benchmarks/Accuracy/pitch_accuracy.py .build/release/tonecoach

## Regenerate the speech fixtures from text (needs espeak-ng and sox).
fixtures:
	bash Tests/Fixtures/make-fixtures.sh
