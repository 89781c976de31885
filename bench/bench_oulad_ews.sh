#!/bin/sh
# Early warning on real outcomes (OULAD subset): builds bench/oulad_ews.c
# against the release objects of an_ews and util and prints the table of
# sensitivity, specificity and AUC per cut-off day (see bench/RESULTS.md).
set -eu
cd "$(dirname "$0")/.."
make --no-print-directory attain >/dev/null
mkdir -p build/bench
cc -O2 -std=c11 -D_DEFAULT_SOURCE -Isrc -o build/bench/oulad_ews \
	bench/oulad_ews.c build/release/an_ews.o build/release/util.o -lm
build/bench/oulad_ews "${ATTAIN_SHARED:-../shared}/data/oulad-subset"
