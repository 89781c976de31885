# attain - one Makefile. Targets:
#   make            build ./attain (optimised)
#   make demo       install deps, build, generate + analyse the demo, serve it
#   make test       install deps, build with ASan+UBSan, run every test
#   make bench      run the benchmarks in bench/
#   make fuzz       build the fuzzers (clang, libFuzzer)
#   make format     clang-format the sources
#   make lint       cppcheck, layers (layers.mk), function length
#   make clean

CC      ?= cc
# V=1 shows full commands
Q       := $(if $(V),,@)
PKGS    := sqlite3 jansson gsl libmicrohttpd libsodium cairo pangocairo fontconfig
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(filter-out -lgslcblas,$(shell pkg-config --libs $(PKGS) 2>/dev/null))
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CSTD    := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE
CFLAGS_COMMON := $(CSTD) $(WARN) $(PKG_CFLAGS) -Isrc -Ibuild/gen -MMD -MP
LDLIBS  := $(PKG_LIBS) -lcsv -llapacke -lopenblas -lpthread -lm

RELEASE_FLAGS := -O2 -g
ASAN_FLAGS    := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRC     := $(sort $(wildcard src/*.c))
MIGR    := $(sort $(wildcard src/migrations/*.sql))
GEN     := build/gen/migrations.c
LIBSRC  := $(filter-out src/main.c,$(SRC))

REL_OBJ  := $(patsubst src/%.c,build/release/%.o,$(LIBSRC)) build/release/migrations.o
ASAN_OBJ := $(patsubst src/%.c,build/asan/%.o,$(LIBSRC)) build/asan/migrations.o

# Translations: po/LANG.po compiled into locale/LANG/LC_MESSAGES/attain.mo,
# the directory src/i18n.c binds (next to the binary, or two levels up for
# build/asan/attain and build/release/attain).
PO       := $(sort $(wildcard po/*.po))
MO       := $(patsubst po/%.po,locale/%/LC_MESSAGES/attain.mo,$(PO))

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRC))

.PHONY: pot all demo test check-deps bench fuzz format lint clean unit

all: attain $(MO)

locale/%/LC_MESSAGES/attain.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo '  MSGFMT '$@
	$(Q)msgfmt -c -o $@.tmp $< && mv $@.tmp $@

# Refresh the template and merge it into every catalogue (translators then
# fill in the new msgstr lines).
pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -c -o po/attain.pot src/*.c
	for p in $(PO); do msgmerge -q -U $$p po/attain.pot; done

attain: $(REL_OBJ) build/release/main.o
	@echo '  LD    '$@
	$(Q)$(CC) $(RELEASE_FLAGS) -o $@ $^ $(LDLIBS)

build/asan/attain: $(ASAN_OBJ) build/asan/main.o
	@echo '  LD    '$@
	$(Q)$(CC) $(ASAN_FLAGS) -o $@ $^ $(LDLIBS)

build/gen/migrations.c: $(MIGR) build/tools/embed
	@mkdir -p build/gen
	build/tools/embed $(MIGR) > $@.tmp && mv $@.tmp $@

build/tools/embed: tools/embed.c
	@mkdir -p build/tools
	$(CC) -O1 -o $@ $<

build/release/%.o: src/%.c | $(GEN)
	@mkdir -p $(dir $@)
	@echo '  CC    '$@
	$(Q)$(CC) $(CFLAGS_COMMON) $(RELEASE_FLAGS) -c -o $@ $<

build/release/migrations.o: $(GEN)
	@mkdir -p $(dir $@)
	@echo '  CC    '$@
	$(Q)$(CC) $(CFLAGS_COMMON) $(RELEASE_FLAGS) -c -o $@ $<

build/asan/%.o: src/%.c | $(GEN)
	@mkdir -p $(dir $@)
	@echo '  CC    '$@
	$(Q)$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -c -o $@ $<

build/asan/migrations.o: $(GEN)
	@mkdir -p $(dir $@)
	@echo '  CC    '$@
	$(Q)$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -c -o $@ $<

build/asan/tests/%: tests/unit/%.c $(ASAN_OBJ)
	@mkdir -p $(dir $@)
	@echo '  TEST  '$@
	$(Q)$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -Itests -o $@ $< $(ASAN_OBJ) $(LDLIBS) -lcmocka

check-deps:
	@scripts/install-deps.sh

unit: $(UNIT_BIN)

test: check-deps
	$(MAKE) --no-print-directory build/asan/attain attain unit $(MO)
	@tests/run.sh

demo: check-deps
	$(MAKE) --no-print-directory attain $(MO)
	@scripts/demo.sh

bench: check-deps
	@scripts/install-deps.sh --bench
	$(MAKE) --no-print-directory attain $(MO)
	@bench/run.sh

fuzz:
	$(MAKE) -f fuzz/Makefile

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c tests/unit/*.h

# cppcheck, the layer rule (layers.mk) and the length of functions; the
# lint test (tests/t/t0002-lint.sh) runs the same checks.
lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	  --inline-suppr -Isrc --suppress=missingIncludeSystem src
	tools/check-layers.sh
	tools/check-funclen.sh

clean:
	rm -rf build attain locale

-include $(wildcard build/*/*.d)
