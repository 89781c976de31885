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
PKGS    := sqlite3 libpq jansson gsl libmicrohttpd libsodium cairo pangocairo fontconfig
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(filter-out -lgslcblas,$(shell pkg-config --libs $(PKGS) 2>/dev/null))
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CSTD    := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE
CFLAGS_COMMON := $(CSTD) $(WARN) $(PKG_CFLAGS) -Isrc -Ibuild/gen -MMD -MP
LDLIBS  := $(PKG_LIBS) -lcsv -llapacke -lopenblas -lpthread -lm

RELEASE_FLAGS := -O2 -g
ASAN_FLAGS    := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

MIGR    := $(sort $(wildcard src/migrations/*.sql))
MIGR_PG := $(sort $(wildcard src/migrations/pg/*.sql))
GEN     := build/gen/migrations.c build/gen/migrations_pg.c

# Translations: po/LANG.po compiled into locale/LANG/LC_MESSAGES/attain.mo,
# the directory src/i18n.c binds (next to the binary, or two levels up for
# build/asan/attain and build/release/attain).
PO       := $(sort $(wildcard po/*.po))
MO       := $(patsubst po/%.po,locale/%/LC_MESSAGES/attain.mo,$(PO))

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRC))

.PHONY: pot all demo test check-deps bench fuzz format lint clean unit

all: attain $(MO)

# The layers of src/ (layers.mk): each is a static library per build,
# build/release/libLAYER.a and build/asan/libLAYER.a, of its modules'
# objects (the store's also holds the embedded migrations). The programs
# link main.o and every library; a unit test or a fuzzer links only the
# layers of the src/ headers it includes and the layers those use.
include layers.mk

# The objects of layer $(2) in build $(1).
layer_objs = $(patsubst %,build/$(1)/%.o,$(MODS_$(2))) $(if $(filter store,$(2)),build/$(1)/migrations.o build/$(1)/migrations_pg.o)
# The libraries of layers $(2) (in link order) in build $(1).
layer_libs = $(patsubst %,build/$(1)/lib%.a,$(2))

define layer_lib_rule
build/$(1)/lib$(2).a: $(call layer_objs,$(1),$(2))
	@echo '  AR    '$$@
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^
endef
$(foreach B,release asan,$(foreach L,$(LAYERS),$(eval $(call layer_lib_rule,$(B),$(L)))))

locale/%/LC_MESSAGES/attain.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo '  MSGFMT '$@
	$(Q)msgfmt -c -o $@.tmp $< && mv $@.tmp $@

# Refresh the template and merge it into every catalogue (translators then
# fill in the new msgstr lines).
pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -c -o po/attain.pot src/*.c
	for p in $(PO); do msgmerge -q -U $$p po/attain.pot; done

attain: build/release/main.o $(call layer_libs,release,$(LINK_ORDER))
	@echo '  LD    '$@
	$(Q)$(CC) $(RELEASE_FLAGS) -o $@ $^ $(LDLIBS)

build/asan/attain: build/asan/main.o $(call layer_libs,asan,$(LINK_ORDER))
	@echo '  LD    '$@
	$(Q)$(CC) $(ASAN_FLAGS) -o $@ $^ $(LDLIBS)

build/gen/migrations.c: $(MIGR) build/tools/embed
	@mkdir -p build/gen
	build/tools/embed $(MIGR) > $@.tmp && mv $@.tmp $@

build/gen/migrations_pg.c: $(MIGR_PG) build/tools/embed
	@mkdir -p build/gen
	build/tools/embed -n store_migrations_pg $(MIGR_PG) > $@.tmp && mv $@.tmp $@

build/tools/embed: tools/embed.c
	@mkdir -p build/tools
	$(CC) -O1 -o $@ $<

build/release/%.o: src/%.c | $(GEN)
	@mkdir -p $(dir $@)
	@echo '  CC    '$@
	$(Q)$(CC) $(CFLAGS_COMMON) $(RELEASE_FLAGS) -c -o $@ $<

build/release/migrations.o build/release/migrations_pg.o: build/release/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo '  CC    '$@
	$(Q)$(CC) $(CFLAGS_COMMON) $(RELEASE_FLAGS) -c -o $@ $<

build/asan/%.o: src/%.c | $(GEN)
	@mkdir -p $(dir $@)
	@echo '  CC    '$@
	$(Q)$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -c -o $@ $<

build/asan/migrations.o build/asan/migrations_pg.o: build/asan/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo '  CC    '$@
	$(Q)$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -c -o $@ $<

# Each unit test links the layers it needs (needs_layers), found when it
# is built (secondary expansion).
.SECONDEXPANSION:
build/asan/tests/%: tests/unit/%.c $$(call layer_libs,asan,$$(call needs_layers,tests/unit/$$*.c))
	@mkdir -p $(dir $@)
	@echo '  TEST  '$@
	$(Q)$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -Itests -o $@ $< $(filter %.a,$^) $(LDLIBS) -lcmocka

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

# cppcheck, the layer rule (layers.mk), the engine rule and the length
# of functions; the lint test (tests/t/t0002-lint.sh) runs the same checks.
lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	  --inline-suppr -Isrc --suppress=missingIncludeSystem src
	tools/check-layers.sh
	tools/check-engine.sh
	tools/check-funclen.sh

clean:
	rm -rf build attain locale

-include $(wildcard build/*/*.d build/asan/tests/*.d)
