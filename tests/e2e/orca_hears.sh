#!/usr/bin/env bash
# What the Orca screen reader itself says while Tomoshibi is used by keyboard.
#
# Run inside `dbus-run-session` with an X server on $DISPLAY:
#     orca_hears.sh PATH/TO/tomoshibi [KEY WORDS]...
#
# Starts a private speech-dispatcher (espeak-ng into the ALSA null device: the speech is
# real, the sound goes nowhere), Orca with its debug log, then the app; presses each KEY
# (xdotool key names, several apart by spaces) and waits until Orca has said WORDS since (up
# to 30 s: a busy machine can be slow, and a missing phrase is the caller's to report);
# prints every "SPEECH OUTPUT" line of Orca's log, one per line, for the caller to check.
# Exits 77 when Orca is not installed.
set -u
app=$1
shift
command -v orca >/dev/null || { echo "SKIPPED: orca is not installed"; exit 77; }

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
export XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/speech-dispatcher" "$work/home/config"
chmod 700 "$XDG_RUNTIME_DIR"
cat > "$XDG_CONFIG_HOME/speech-dispatcher/speechd.conf" <<'CONF'
AudioOutputMethod "alsa"
AudioALSADevice "null"
AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"
DefaultModule espeak-ng
CONF
printf 'version = 1\nwelcomed = true\nlanguage = "en"\n' > "$work/home/config/settings.toml"

speech-dispatcher --spawn -t 0 >/dev/null 2>&1
# Orca writes its log through Python's 8 KB file buffer: lines would reach the file late (or,
# the last ones, only when Orca exits). Run it with that one file line-buffered, from a
# launcher named `orca` (the app finds Orca by that name among the processes).
cat > "$work/orca" <<'PY'
import builtins, runpy, sys
log = sys.argv[1]
real_open = builtins.open
def line_buffered(file, mode="r", buffering=-1, *args, **kwargs):
    return real_open(file, mode, 1 if file == log else buffering, *args, **kwargs)
builtins.open = line_buffered
sys.argv = ["orca", "--replace", "--debug-file=" + log]
runpy.run_path("/usr/bin/orca", run_name="__main__")
PY
"$(head -1 /usr/bin/orca | sed 's/^#! *//')" "$work/orca" "$work/orca.log" >/dev/null 2>&1 &
# Orca is ready once it has said so.
for _ in $(seq 1 100); do
  grep -q "SPEECH OUTPUT: 'Screen reader on" "$work/orca.log" 2>/dev/null && break
  sleep 0.2
done

TOMOSHIBI_HOME=$work/home ICED_BACKEND=tiny-skia "$app" >/dev/null 2>&1 &
for _ in $(seq 1 100); do
  window=$(xdotool search --name "Tomoshibi" 2>/dev/null | head -1)
  [ -n "$window" ] && break
  sleep 0.2
done
xdotool windowfocus --sync "$window"

said() { grep -a "SPEECH OUTPUT:" "$work/orca.log" | sed -e "s/^.*SPEECH OUTPUT: '//" -e "s/'{.*$//"; }

# Waits until Orca has said $2 (or $3, ...) after its first $1 lines of speech (checked every
# 0.2 s); for nothing in particular ($2 empty: typing that is not echoed), half a second.
wait_for() {
  [ -z "$2" ] && { sleep 0.5; return 0; }
  local from=$1 words=()
  shift
  for w in "$@"; do words+=(-e "$w"); done
  for _ in $(seq 1 150); do
    said 2>/dev/null | tail -n "+$((from + 1))" | grep -qF "${words[@]}" && return 0
    sleep 0.2
  done
  echo "(waited 30 s for Orca to say: $*)" >&2
}

# Orca has taken up the app's window (its name, or the focused control) before any key.
wait_for 0 "frame" "push button"
while [ $# -ge 2 ]; do
  before=$(said | wc -l)
  # shellcheck disable=SC2086 # several keys in one step, apart by spaces
  xdotool key $1
  wait_for "$before" "$2"
  shift 2
done
# Anything Orca says right after (a repeat would show here).
sleep 2

said
