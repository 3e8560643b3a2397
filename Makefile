# capreport - build, test, install. `make demo` and `make check` install what is missing first.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/capreport
MANDIR ?= $(PREFIX)/share/man/man1
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=

CC ?= cc
PKGS := glib-2.0 xlsxwriter libpcre2-8 zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wmissing-prototypes -Wstrict-prototypes
BASE_CFLAGS := -std=gnu11 -O2 -g -Iinclude $(WARN) $(PKG_CFLAGS) -DCR_DATADIR='"$(DATADIR)"'
# Sanitizer build: make SANITIZE=address,undefined (objects go to build-san/).
ifdef SANITIZE
BUILD := build-san
# -fno-sanitize-recover=all: undefined behaviour stops the program, so a test sees it fail.
BASE_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer -O1
BASE_LDFLAGS := -fsanitize=$(SANITIZE)
else
BUILD := build
endif
ifdef WERROR
BASE_CFLAGS += -Werror
endif
# User CFLAGS come after ours so they win.
ALL_CFLAGS := $(BASE_CFLAGS) $(CFLAGS)
LIBS := $(PKG_LIBS) -lm
# libcsv is the CSV reader's reference (tests/fuzz/csv-ref.h), not a dependency of capreport:
# only the CSV unit test and the CSV fuzz harnesses link it.
CSV_REF_LIBS := -lcsv

SRCS := $(shell find src -name '*.c' | LC_ALL=C sort)
OBJS := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB_OBJS := $(filter-out $(BUILD)/obj/cmd/main.o,$(OBJS))
BIN := $(BUILD)/capreport
# Generated from the command table by the binary itself, so help, man page and completion agree.
MAN := $(BUILD)/capreport.1
COMPLETION := $(BUILD)/capreport.bash

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# Harnesses replayed through fuzz-replay.c (the native reader's replay lives in test-native.c).
FUZZ_NAMES := csv tcpdump template
REPLAY_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay-%)

.PHONY: all deps deps-run demo check lint test unit-tests install uninstall clean bench fuzz man-lint check-layers

all: $(BIN) $(MAN) $(COMPLETION)

$(MAN): $(BIN)
	$(BIN) help --man >$@.tmp && mv $@.tmp $@

$(COMPLETION): $(BIN)
	$(BIN) help --completion >$@.tmp && mv $@.tmp $@

# The man page must render without a single warning from groff or man.
man-lint: $(MAN)
	@out=$$(groff -ww -man -z $(MAN) 2>&1; LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l $(MAN) 2>&1 >/dev/null); \
	if [ -n "$$out" ]; then echo "$$out" >&2; echo "man-lint: $(MAN) has warnings" >&2; exit 1; fi; \
	echo "man-lint: $(MAN) renders without warnings"

$(BIN): $(OBJS)
	$(CC) $(BASE_LDFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/test-csv-table $(BUILD)/fuzz/replay-csv build-fuzz/fuzz-csv: TEST_LIBS := $(CSV_REF_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(LIB_OBJS) $(BASE_LDFLAGS) $(LDFLAGS) $(LIBS) $(TEST_LIBS)

unit-tests: $(UNIT_BINS) $(REPLAY_BINS)

# `make check` replays tests/fuzz/corpus/NAME/ through build/fuzz/replay-NAME (no libFuzzer).
REPLAY_CFLAGS := $(ALL_CFLAGS)

$(BUILD)/fuzz/replay-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz-replay.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(REPLAY_CFLAGS) -o $@ $< tests/fuzz/fuzz-replay.c $(LIB_OBJS) $(BASE_LDFLAGS) $(LDFLAGS) $(LIBS) $(TEST_LIBS)

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)

# Calls (from the objects' symbols) and includes point only down the layers, and no files form a circle.
check-layers: $(OBJS)
	scripts/check-layers.py $(BUILD)

# Install the Debian packages that are missing: deps-run what building and running capreport
# needs (make demo), deps that and the test tools (make check).
deps-run:
	@scripts/install-deps.sh run

deps:
	@scripts/install-deps.sh test

# The shell of the tests and scripts: ShellCheck, and tests/lint-bats for the bats lines that
# cannot fail a test (a non-final `! CMD` or `[ A ] && [ B ]`).
LINT_SH := $(sort $(wildcard tests/cli/*.bats tests/cli/*.bash scripts/*.sh)) tests/run-one tests/lint-bats .ci/run
lint:
	shellcheck $(LINT_SH)
	tests/lint-bats $(filter tests/cli/%,$(LINT_SH))

# Lint, build with warnings as errors, then run the tests under prove: every test on the normal
# build (which includes one full report under valgrind, tests/cli/valgrind.bats); on the
# ASan+UBSan build in build-san/, where any sanitizer report fails its test, the unit tests,
# the fuzz replays and the CLI tests tagged `sanitize` (the parsers and writers: see
# scripts/run-tests.sh).
CHECK_JOBS ?= 2
check: deps
	$(MAKE) lint
	$(MAKE) -j$(CHECK_JOBS) WERROR=1 all unit-tests
	$(MAKE) -j$(CHECK_JOBS) WERROR=1 SANITIZE=address,undefined all unit-tests
	$(MAKE) man-lint check-layers
	scripts/run-tests.sh
	BUILD=build-san scripts/run-tests.sh

test: check

demo: deps-run
	$(MAKE) all
	scripts/demo.sh

bench: all
	scripts/bench.sh

install: $(BIN) $(MAN) $(COMPLETION)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/capreport
	cp -R templates/. $(DESTDIR)$(DATADIR)/templates/
	install -m 644 $(MAN) $(DESTDIR)$(MANDIR)/capreport.1
	install -m 644 $(COMPLETION) $(DESTDIR)$(COMPLETIONDIR)/capreport

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/capreport $(DESTDIR)$(MANDIR)/capreport.1 $(DESTDIR)$(COMPLETIONDIR)/capreport
	rm -rf $(DESTDIR)$(DATADIR)

# Fuzzing with libFuzzer (clang): make fuzz [FUZZ_SECONDS=60]. Objects go to build-fuzz/.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Iinclude $(PKG_CFLAGS) -DCR_DATADIR='"$(DATADIR)"' \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -DCR_CAPFILE_CHUNK=4096
FUZZ_OBJS := $(filter-out build-fuzz/obj/cmd/main.o,$(SRCS:src/%.c=build-fuzz/obj/%.o))
FUZZ_BINS := build-fuzz/fuzz-decode build-fuzz/fuzz-capfile build-fuzz/fuzz-csv build-fuzz/fuzz-tcpdump build-fuzz/fuzz-template

# Keep the objects between runs (make would delete them as intermediates).
.SECONDARY: $(FUZZ_OBJS)

build-fuzz/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build-fuzz/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/harness.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< tests/fuzz/harness.c $(FUZZ_OBJS) $(LIBS) $(TEST_LIBS)

fuzz: $(FUZZ_BINS)
	scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf build build-san build-fuzz
