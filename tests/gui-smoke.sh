#!/usr/bin/env bash
# Smoke test of the real window: starts Xvfb (on a display number it picks itself), runs the
# already-built binary in English and in Russian, waits for the window by its title, takes a
# screenshot and checks it is not blank (more than a handful of colours), then closes it.
# Builds nothing: it uses the debug binary the tests built.
#
# Usage: tests/gui-smoke.sh [--measure] [--screenshots DIR]
#   --measure          also report the time to the first frame, idle CPU over 10 s and idle RSS
#   --screenshots DIR  also save README screenshots (address and review screens, en and ru)
# Environment: MAILSETUP_BIN (default target/debug/mailsetup)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${MAILSETUP_BIN:-$ROOT/target/debug/mailsetup}
MEASURE=0 SHOTS=
while (($#)); do
  case $1 in
    --measure) MEASURE=1 ;;
    --screenshots) SHOTS=$(mkdir -p "$2" && cd "$2" && pwd); shift ;;
    *) echo "gui-smoke.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
die() { printf 'gui-smoke.sh: %s\n' "$*" >&2; exit 1; }
say() { printf 'gui-smoke: %s\n' "$*" >&2; }
[[ -x $BIN ]] || die "no binary at $BIN: build it first (cargo build, or tests/run-all.sh)"
for tool in Xvfb xdotool import convert; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install xvfb xdotool imagemagick)"
done

WORK=$(mktemp -d -t mailsetup-gui-smoke.XXXXXX)
XVFB_PID= APP_PID=
cleanup() {
  [[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null || true
  [[ -n $XVFB_PID ]] && kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Xvfb picks a free display and writes its number to fd 3, so parallel runs never collide.
Xvfb -displayfd 3 -screen 0 1280x1000x24 -nolisten tcp 3>"$WORK/display" 2>"$WORK/xvfb.log" &
XVFB_PID=$!
for _ in $(seq 400); do [[ -s $WORK/display ]] && break; sleep 0.05; done
[[ -s $WORK/display ]] || die "Xvfb did not start: $(cat "$WORK/xvfb.log")"
export DISPLAY=:$(head -n1 "$WORK/display")
mkdir -p "$WORK/xdg" && chmod 700 "$WORK/xdg"
export XDG_RUNTIME_DIR=$WORK/xdg
# No network for the smoke run: a DNS server that does not exist and an ISPDB nobody serves.
export MAILSETUP_DNS_SERVER=127.0.0.1:9 MAILSETUP_ISPDB_URL=http://127.0.0.1:9/ MAILSETUP_LOG_FIRST_FRAME=1
unset MAILSETUP_LANG

# start LANG TITLE: runs the window, waits for it; sets APP_PID and WID.
start() {
  local lang=$1 title=$2
  rm -rf "$WORK/config-$lang"
  EXEC_MS=$(date +%s%3N)
  MAILSETUP_CONFIG_DIR=$WORK/config-$lang "$BIN" --lang "$lang" >"$WORK/app-$lang.log" 2>&1 &
  APP_PID=$!
  # NOTE: search by the window class (the app id) and this process, then compare the title:
  # winit writes the legacy WM_NAME as raw UTF-8 in a STRING property, so `--name` cannot match
  # a Cyrillic title; _NET_WM_NAME (what getwindowname reads) is right.
  WID=$(timeout 30 xdotool search --sync --pid "$APP_PID" --class '^io\.github\.mailsetup\.MailSetup$' | head -n1) \
    || die "no window within 30 s: $(cat "$WORK/app-$lang.log")"
  local shown
  shown=$(xdotool getwindowname "$WID")
  [[ $shown == "$title" ]] || die "the window is titled \"$shown\", expected \"$title\""
  # The first frame is drawn right after the window maps; give it a moment to settle.
  for _ in $(seq 50); do grep -q 'first frame' "$WORK/app-$lang.log" && break; sleep 0.1; done
  sleep 0.5
}

stop() {
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=
}

# shot FILE: the window's picture; fails when it has only a handful of colours (blank or black).
shot() {
  import -window "$WID" "$1"
  local colours
  colours=$(convert "$1" -format %k info:)
  ((colours > 16)) || die "the window looks blank: $colours colours in $1"
  say "$(basename "$1"): $colours colours"
}

for lang in en ru; do
  case $lang in en) title="Mail Setup" ;; ru) title="Настройка почты" ;; esac
  start "$lang" "$title"
  shot "$WORK/smoke-$lang.png"
  say "$lang: $(grep 'first frame' "$WORK/app-$lang.log" || echo 'no first-frame line')"
  if ((MEASURE)); then
    first_ms=$(sed -n 's/.*unix_ms=\([0-9]*\).*/\1/p' "$WORK/app-$lang.log" | head -n1)
    [[ -n $first_ms ]] && say "$lang: exec to first frame: $((first_ms - EXEC_MS)) ms"
    ticks_before=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat")
    sleep 10
    ticks_after=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat")
    hz=$(getconf CLK_TCK)
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$APP_PID/status")
    say "$lang: idle CPU over 10 s: $(((ticks_after - ticks_before) * 1000 / hz)) ms of CPU time; RSS $((rss / 1024)) MiB"
  fi
  if [[ -n $SHOTS ]]; then
    cp "$WORK/smoke-$lang.png" "$SHOTS/wizard-address-$lang.png"
    # NOTE: Latin letters only: xdotool's remapped keycodes for Cyrillic do not reach winit's
    # xkb keymap under Xvfb (they arrive as other letters).
    name="Anna Petrova"
    # There is no window manager: give the window the keyboard focus, then type for real (XTEST).
    xdotool windowfocus --sync "$WID"
    xdotool type --delay 30 "$name"
    xdotool key Tab
    xdotool type --delay 30 "anna@yandex.ru"
    sleep 0.5
    import -window "$WID" "$SHOTS/wizard-address-$lang.png"
    xdotool key Return
    sleep 1.5
    import -window "$WID" "$SHOTS/wizard-review-$lang.png"
    say "$lang: screenshots saved in $SHOTS"
  fi
  stop
done
say "the window opened and drew in English and Russian"
