#!/bin/sh
# Install the Debian packages attain needs to build, test and run the demo.
# Idempotent: installs only what is missing; uses sudo only when not root.
#   scripts/install-deps.sh          build + run + test dependencies
#   scripts/install-deps.sh --bench  also the benchmark-only tools
set -eu

PKGS="build-essential pkg-config clang libclang-rt-14-dev clang-format cppcheck \
sqlite3 libsqlite3-dev postgresql libpq-dev libcsv-dev libjansson-dev libgsl-dev \
liblapacke-dev libopenblas-dev libmicrohttpd-dev libsodium-dev \
libcmocka-dev libcairo2-dev libpango1.0-dev libfontconfig-dev fonts-noto-core \
poppler-utils gettext chromium nodejs faketime python3 openssl"
BENCH_PKGS="wrk hyperfine r-cran-quantreg time"

if [ "${1:-}" = "--bench" ]; then
	PKGS="$PKGS $BENCH_PKGS"
fi

# npm: a separate Debian package, unless node already brings its own
if ! command -v npm >/dev/null 2>&1; then
	PKGS="$PKGS npm"
fi

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
