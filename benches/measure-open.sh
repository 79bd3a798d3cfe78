#!/usr/bin/env bash
# Open → first page drawn for every fixture book, with the real app and its --measure mode:
# the release binary under Xvfb (software rendering, as on this machine), RUNS runs per book,
# one JSON line each ("open_to_drawn_ms": the book asked to open → its first page drawn;
# "rss_mb": resident memory then). Usage: benches/measure-open.sh [RUNS]   (default 3)
# On a machine busy with other work, MEASURE_REALTIME=1 runs Xvfb and the app at real-time
# priority (chrt, as root), so the figures are what a quiet machine gives.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --bin tomoshibi >/dev/null
priority=""
if [ "${MEASURE_REALTIME:-0}" = 1 ]; then priority="chrt -f 10"; fi
books=$(cd tests/fixtures/books && find daisy202 daisy3 -mindepth 1 -maxdepth 1 -type d; \
        echo epub/epub2-minimal-exploded; \
        find epub -mindepth 2 -maxdepth 2 \( -type d -o -name '*.epub' \) | grep -v '^epub/epub2-minimal-exploded/')
for book in $books; do
    for _ in $(seq "$runs"); do
        home=$(mktemp -d)
        line=$(${priority} xvfb-run -a -s "-screen 0 1024x768x24 -noreset" env TOMOSHIBI_HOME="$home" ICED_BACKEND=tiny-skia \
            "$target/release/tomoshibi" open "tests/fixtures/books/$book" --measure 2>/dev/null | tail -1)
        rm -rf "$home"
        echo "$book $line"
    done
done
