# layers.mk - the layers of src/, lowest first, and what each may use.
# Included by Makefile (one static library per layer: build/*/libLAYER.a)
# and fuzz/Makefile; tools/check-layers.sh reads it through
# `make -f layers.mk layer-table` for the lint test (tests/t/t0002-lint.sh).
#
# A module is src/NAME.c with its header src/NAME.h (or a header alone).
# It belongs to the layer whose LAYER_ list matches NAME, where % matches
# any rest of a name, so a new store_*.c, ingest_*.c, an_*.c, run_*.c,
# report_*.c, web_*.c or cmd_*.c joins its layer by its name. A module no
# list matches, or two lists match, stops the build: add it to one list.
#
# A layer's files include headers of their own layer and of the layers in
# its USES_ list (every layer below it that it may use, not only the next):
# never a layer above, and never a sibling (ingest and engine use neither
# each other). ONLY_ names the system headers a single layer may include.

LAYERS := util store ingest engine render web cli

# Foundation: memory, strings, errors, dates and the clock, escaping,
# translation, password hashing. No SQL, no domain.
LAYER_util   := util escape i18n auth
USES_util    :=

# The system of record: SQL and the encodings and rules of the values it
# keeps (the attendance marks, entered scores and collection status).
LAYER_store  := store store_% attendance collect_input
USES_store   := util
ONLY_store   := sqlite3.h libpq-fe.h

# Data coming in: the CSV reader, the importers, the demo generator.
LAYER_ingest := ingest ingest_% csvin demo demo_%
USES_ingest  := store util

# The columnar engine, the analyses and what they need: their registry and
# options, statistics, quantile regression, small-cell suppression.
LAYER_engine := engine engine_% analysis an_% run_% stats config qr suppress disclose
USES_engine  := store util

# Words, numbers and pictures for people: charts, report documents and
# their text, the catalogue of figures and the early-warning words.
LAYER_render := chart report report_% figures figures_% ews_text
USES_render  := engine store util
ONLY_render  := cairo% pango/% fontconfig/%

# The web application: server, routes, pages, data entry, scope.
LAYER_web    := web web_% scope
USES_web     := render engine store util
ONLY_web     := microhttpd.h

# The command line: the command table, one file per command, main.
LAYER_cli    := cli cmd_% main
USES_cli     := web render engine ingest store util

# The layer of module $(1) ("" when none; two words when two match).
layer_of = $(strip $(foreach L,$(LAYERS),$(if $(filter $(LAYER_$(L)),$(1)),$(L))))

# Layers in link order (a library before the ones it uses).
LINK_ORDER := cli web render engine ingest store util

# Every layer that layers $(1) use, themselves included, in link order.
layers_closure = $(filter $(sort $(1) $(foreach L,$(1),$(USES_$(L)))),$(LINK_ORDER))

# The layers a C file outside src/ (a unit test, a fuzzer) needs, in link
# order: those of the src/ headers it includes (tools/src-includes.sh) and
# every layer they use.
needs_layers = $(call layers_closure,$(sort $(foreach M,$(shell tools/src-includes.sh $(1)),$(call layer_of,$(M)))))

# Modules of src/ (main.c is the program's entry, not in a library).
LAYER_MODS := $(patsubst src/%.c,%,$(sort $(wildcard src/*.c)))
$(foreach L,$(LAYERS),$(eval MODS_$(L) := $(filter-out main,$(filter $(LAYER_$(L)),$(LAYER_MODS)))))

# A module in no layer or in two stops the build (but not the lint, which
# names every such file itself).
ifeq ($(filter layer-table clean,$(MAKECMDGOALS)),)
$(foreach M,$(LAYER_MODS),$(if $(filter 1,$(words $(call layer_of,$(M)))),,\
  $(error src/$(M).c belongs to $(if $(call layer_of,$(M)),two layers ($(call layer_of,$(M))): fix the LAYER_ lists,no layer: add it to a LAYER_ list) in layers.mk)))
endif

# The table for tools/check-layers.sh: "uses LAYER L...", "module LAYER
# PATTERN", "only LAYER HEADER-PATTERN".
.PHONY: layer-table
layer-table:
	@$(foreach L,$(LAYERS),echo 'uses $(L) $(USES_$(L))';)
	@$(foreach L,$(LAYERS),$(foreach P,$(LAYER_$(L)),echo 'module $(L) $(P)';))
	@$(foreach L,$(LAYERS),$(foreach P,$(ONLY_$(L)),echo 'only $(L) $(P)';))
