# ToneCoach: the commands README shows and CI runs. Every target installs what it needs first.
APT_PACKAGES := libfftw3-dev libasound2-dev libsndfile1-dev pkg-config valgrind espeak-ng curl python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
THRESHOLDS := Benchmarks/Thresholds/swift-6.3
DEVCORPUS ?= ../shared/devcorpus
SCORE_VENV := .build-venv
SCORE_PACKAGES := numpy==2.4.6 scipy==1.17.1 soundfile==0.14.0

.PHONY: deps demo live-demo report test install install-check profile tsan fuzz bench bench-check bench-report instructions gate-selftest compare accuracy accuracy-gate accuracy-other-voices load fixtures

## Install the Debian packages ToneCoach builds against (skipped when already there).
deps:
	@dpkg -s $(APT_PACKAGES) >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(APT_PACKAGES); }

## Build in release mode and analyse the bundled example call (no sound card needed).
demo: deps
	swift build -c release --product tonecoach
	.build/release/tonecoach analyze Tests/Fixtures/example-call.wav

## Play the example call through the live path at real time (no sound card needed).
live-demo: deps
	swift build -c release --product tonecoach
	.build/release/tonecoach live --simulate Tests/Fixtures/example-call.wav

## Write the after-call report of the example call (example-call.html) and open it in a browser.
report: deps
	swift build -c release --product tonecoach
	.build/release/tonecoach report Tests/Fixtures/example-call.wav -o example-call.html

## Install a self-contained tonecoach: the Swift runtime linked in, the default profile built in,
## a man page and shell completions. PREFIX=/usr/local by default; DESTDIR for packaging.
PREFIX ?= /usr/local
INSTALL_BUILD := .build-install
install: deps
	swift build -c release --product tonecoach --static-swift-stdlib --scratch-path $(INSTALL_BUILD)
	swift build -c release --product generate-manual --scratch-path $(INSTALL_BUILD)
	rm -rf $(INSTALL_BUILD)/manual && mkdir -p $(INSTALL_BUILD)/manual
	$(INSTALL_BUILD)/release/generate-manual $(INSTALL_BUILD)/release/tonecoach \
	  --output-directory $(INSTALL_BUILD)/manual --authors "the ToneCoach engineers" --section 1
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 -s $(INSTALL_BUILD)/release/tonecoach $(DESTDIR)$(PREFIX)/bin/tonecoach
	install -m 644 $(INSTALL_BUILD)/manual/tonecoach.1 $(DESTDIR)$(PREFIX)/share/man/man1/tonecoach.1
	$(INSTALL_BUILD)/release/tonecoach --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tonecoach
	$(INSTALL_BUILD)/release/tonecoach --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tonecoach
	$(INSTALL_BUILD)/release/tonecoach --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/tonecoach.fish
	@echo "installed $(DESTDIR)$(PREFIX)/bin/tonecoach (man tonecoach; completions for bash, zsh, fish)"

## Install into a scratch prefix and check it runs anywhere: from /, with an empty
## environment, no Swift library among its dynamic dependencies (what CI runs).
install-check:
	rm -rf /tmp/tonecoach-install
	$(MAKE) install PREFIX=/tmp/tonecoach-install
	bash Tests/install-check.sh /tmp/tonecoach-install

## Rebuild the default profile built into the binary after editing Models/profiles/default.json.
profile:
	bash Models/embed-default-profile.sh

## Run every test (the command CI runs).
test: deps
	swift build --build-tests
	swift test --skip-build

## The ring and the live engine under ThreadSanitizer. Built with -O so that the ring's
## @inlinable code is specialised into instrumented modules (TSan cannot see inside the
## runtime's generic copies); any report fails the run.
tsan: deps
	swift build --build-tests --sanitize=thread -Xswiftc -O --scratch-path .build-tsan
	TSAN_OPTIONS=halt_on_error=1 swift test --skip-build --sanitize=thread -Xswiftc -O \
	  --scratch-path .build-tsan --filter 'SPSCRingTests|MPMCQueueTests|LiveSessionTests'

## Fuzz the parsers that take bytes from outside (recordings, coaching profiles, AudioHook
## signatures and messages) with libFuzzer and AddressSanitizer, from seeds Fuzz/seeds.py writes.
## By default a fixed seed and a fixed number of inputs each (as CI runs it, whatever the
## machine's speed); FUZZ_SECONDS=600 explores for that long instead. Findings land in .build-fuzz/.
FUZZ_SECONDS ?=
FUZZ_RUNS := recording=3000 profile=100000 audiohook=60000
fuzz: deps
	cd Fuzz && swift build -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
	rm -rf .build-fuzz/seeds && python3 Fuzz/seeds.py .build-fuzz/seeds
	@set -e; for entry in $(FUZZ_RUNS); do \
	  target=$${entry%%=*}; runs=$${entry#*=}; mkdir -p .build-fuzz/corpus/$$target; \
	  if [ -n "$(FUZZ_SECONDS)" ]; then limit="-max_total_time=$(FUZZ_SECONDS)"; else limit="-seed=1 -runs=$$runs"; fi; \
	  echo "== fuzz-$$target $$limit"; \
	  status=0; SWIFT_BACKTRACE=enable=no Fuzz/.build/debug/fuzz-$$target $$limit -max_len=20000 -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=.build-fuzz/$$target- -print_final_stats=1 .build-fuzz/corpus/$$target .build-fuzz/seeds/$$target \
	    > .build-fuzz/$$target.log 2>&1 || status=$$?; \
	  grep -E '^stat::(number_of_executed_units|new_units_added)' .build-fuzz/$$target.log || true; \
	  if [ $$status -ne 0 ]; then \
	    grep -E 'Precondition|Fatal error|ERROR|SUMMARY|Test unit written' .build-fuzz/$$target.log | head -20; \
	    echo "fuzz-$$target failed (status $$status): see .build-fuzz/$$target.log"; exit 1; fi; \
	done

## Run the benchmarks and print their tables.
bench: deps
	swift package benchmark

## The CI gate: nothing on the real-time path allocates (thresholds in $(THRESHOLDS)).
bench-check: deps
	swift package benchmark thresholds check --path $(THRESHOLDS) \
	  --filter '.*Hop.*' --filter 'FFTFloor16k' --filter 'RingBlock10ms' --filter 'Coach.*' --no-progress

## Speed as ratios measured in one run, and the instruction counts behind the CI gate.
bench-report: deps
	swift build -c release --product bench-report --product instruction-probe
	.build/release/bench-report
	python3 Benchmarks/instructions.py

## The CI gate on instructions per hop (callgrind; ceilings in Benchmarks/Thresholds/instructions.json).
instructions: deps
	swift build -c release --product instruction-probe
	python3 Benchmarks/instructions.py

## Proves the allocation gate fails when the pitch stage allocates (CI runs it).
gate-selftest: deps
	bash Benchmarks/gate-selftest.sh

## Speed next to Praat, pYIN and openSMILE on the same recording (installs them from PyPI into .build-compare/).
compare: deps
	swift build -c release --product tonecoach
	python3 Benchmarks/Compare/compare_speed.py .build/release/tonecoach

## Pitch accuracy against Praat and pYIN on degraded speech (a report; needs espeak-ng, sox, PyPI packages).
accuracy: deps
	swift build -c release --product tonecoach
	python3 Benchmarks/Accuracy/pitch_accuracy.py .build/release/tonecoach

## The CI accuracy gate: score the release build on the development corpus ($(DEVCORPUS)) and
## hold it to the limits in Benchmarks/Thresholds/accuracy.json; then every clean voice of the corpus in
## babble and on the telephone, against Benchmarks/Thresholds/accuracy-degraded.json (the scorer's Python packages go into $(SCORE_VENV)/).
accuracy-gate: deps
	swift build -c release --product tonecoach
	@$(SCORE_VENV)/bin/python -c 'import numpy, scipy, soundfile' 2>/dev/null || { \
	  python3 -m venv $(SCORE_VENV) && $(SCORE_VENV)/bin/pip install --quiet $(SCORE_PACKAGES); }
	rm -f .build/accuracy.json
	DEVCORPUS=$(abspath $(DEVCORPUS))/corpus $(SCORE_VENV)/bin/python $(DEVCORPUS)/score.py .build/release/tonecoach --quiet --json-out .build/accuracy.json
	python3 Benchmarks/Accuracy/accuracy_gate.py .build/accuracy.json Benchmarks/Thresholds/accuracy.json
	rm -f .build/accuracy-degraded.json
	$(SCORE_VENV)/bin/python Benchmarks/Accuracy/every_voice_degraded.py $(DEVCORPUS) .build/release/tonecoach .build/accuracy-degraded.json
	python3 Benchmarks/Accuracy/accuracy_gate.py .build/accuracy-degraded.json Benchmarks/Thresholds/accuracy-degraded.json

## A second development corpus from other recorded voices (Benchmarks/Accuracy/OtherVoices), scored
## on the release build; not in CI: it installs Debian's prompt packages and writes 35 MB to .build/other-voices.
accuracy-other-voices: deps
	swift build -c release --product tonecoach
	DEVCORPUS_ROOT=$(abspath $(DEVCORPUS)) Benchmarks/Accuracy/OtherVoices/make-corpus.sh .build/other-voices .build/release/tonecoach

## The server under load: CALLS concurrent real-time 8 kHz stereo PCMU calls of DURATION seconds each
## over loopback, the server pinned to core 0 with one analysis thread, the generator
## (Benchmarks/Load/audiohook_client.py) on core 1. Prints the analysis lag p99 (from /metrics),
## dropped audio and the server's memory per call.
CALLS ?= 400
DURATION ?= 30
LOAD_CALL ?= Tests/Fixtures/example-call.wav
load: deps
	swift build -c release --product tonecoach
	@bash Benchmarks/Load/run-load.sh $(CALLS) $(DURATION) $(LOAD_CALL)

## Regenerate the speech fixtures from text (needs espeak-ng and sox).
fixtures:
	bash Tests/Fixtures/make-fixtures.sh
