#!/usr/bin/env bash
# What the Orca screen reader itself says while Tomoshibi is used by keyboard.
#
# Run inside `dbus-run-session` with an X server on $DISPLAY:
#     orca_hears.sh PATH/TO/tomoshibi
#
# Starts a private speech-dispatcher (espeak-ng into the ALSA null device: the speech is
# real, the sound goes nowhere), Orca with its debug log, then the app; presses keys; prints
# every "SPEECH OUTPUT" line of Orca's log, one per line, for the caller to check.
# Exits 77 when Orca is not installed.
set -u
app=$1
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
orca --replace --debug-file="$work/orca.log" >/dev/null 2>&1 &
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
sleep 3
xdotool windowfocus --sync "$window"
sleep 1

# Libraries → the demo library (its catalog loads: "4 books…") → Sign in → Enter on the
# empty form (the alert "Type your library card number and PIN…").
for key in Return Return shift+Tab shift+Tab Return Return; do
  xdotool key "$key"
  sleep 2.5
done

grep -a "SPEECH OUTPUT:" "$work/orca.log" | sed -e "s/^.*SPEECH OUTPUT: '//" -e "s/'{.*$//"
