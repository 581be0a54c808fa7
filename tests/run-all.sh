#!/usr/bin/env bash
# The one test command: installs the Debian packages the tests need (if missing), starts the real
# services on loopback (Dovecot + Exim with a generated CA, a private D-Bus session with an
# unlocked gnome-keyring), runs every test with and without the GUI feature, and stops the
# services. Any missing piece fails the run loudly; nothing is skipped.
#
# Usage: tests/run-all.sh            (as root, or with sudo available for apt-get)
# Environment:
#   MAILSETUP_TEST_PORT_BASE   shift every test port (default 21000), for parallel runs on one machine
#   MAILSETUP_TEST_STATE       where runtime state goes (default target/test-services)
#   CARGO_TEST_ARGS            extra arguments for every `cargo test` (e.g. a test name filter)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
HARNESS=$ROOT/tests/harness
say() { printf '\n=== %s\n' "$*" >&2; }
die() { printf 'run-all.sh: %s\n' "$*" >&2; exit 1; }

# --- 1. Debian packages -------------------------------------------------------------------------
PACKAGES=(
  # mail server + proof clients
  dovecot-imapd dovecot-pop3d exim4-daemon-light openssl swaks libnet-ssleay-perl
  libio-socket-ssl-perl libauthen-sasl-perl curl
  # Secret Service keyring
  gnome-keyring libsecret-tools dbus
  # GUI under Xvfb and kittest snapshots (lavapipe)
  xvfb imagemagick x11-utils xdotool mesa-vulkan-drivers libegl-mesa0 libgl1-mesa-dri libxkbcommon-x11-0
  # real clients that read the exports
  msmtp isync fetchmail getmail6 neomutt aerc php-cli zbar-tools libplist-utils libxml2-utils python3-venv
  thunderbird libnss3-tools evolution-data-server gir1.2-edataserver-1.2 python3-gi python3-dotenv tmux
  # benchmarks and packaging checks
  hyperfine lintian desktop-file-utils appstream
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing missing Debian packages: ${missing[*]}"
  SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  command -v apt-get >/dev/null || die "apt-get not found: this harness needs Debian or Ubuntu"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q || die "apt-get update failed"
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" || die "apt-get install failed for: ${missing[*]}"
fi
[[ $(id -u) -eq 0 ]] || die "the mail test servers run as root (they drop to the dovecot/Debian-exim users); run as root"

# --- 2. services --------------------------------------------------------------------------------
STATE=${MAILSETUP_TEST_STATE:-$ROOT/target/test-services}
mkdir -p "$STATE"; chmod 0755 "$STATE" "$ROOT/target"
PORT_BASE=${MAILSETUP_TEST_PORT_BASE:-21000}
export MAIL_USERS="alice@example.test:secret bob@example.test:hunter2 checker@example.test:Check-Pass-42 saver@example.test:Saver-Pass-42 exporter@example.test:Export-Pass-42 wizard@example.test:Wizard-Pass-42 tbird@example.test:Tbird-Pass-42"
cleanup() {
  local rc=$?
  "$HARNESS/mailserver/stop.sh" "$STATE/mail" >/dev/null 2>&1 || true
  exit $rc
}
trap cleanup EXIT
"$HARNESS/mailserver/stop.sh" "$STATE/mail" >/dev/null 2>&1 || true
rm -rf "$STATE/mail/mail" "$STATE/mail/log"
say "starting Dovecot + Exim on 127.0.0.1 (port base $PORT_BASE)"
PORT_BASE=$PORT_BASE "$HARNESS/mailserver/start.sh" "$STATE/mail" || die "the mail test server did not start"
export MAILSETUP_TEST_MAILSERVER=$STATE/mail

# Thunderbird export test: marionette-driver (PyPI) in a venv under target/
TB_VENV=$ROOT/target/tb-venv
if ! "$TB_VENV/bin/python" -c 'import marionette_driver' 2>/dev/null; then
  say "creating $TB_VENV with marionette-driver 3.7.1"
  python3 -m venv "$TB_VENV" && "$TB_VENV/bin/pip" install -q marionette-driver==3.7.1 || die "could not install marionette-driver into $TB_VENV"
fi
export MAILSETUP_TEST_TB_PYTHON=$TB_VENV/bin/python

# --- 3. tests -----------------------------------------------------------------------------------
# Dates are shown in local time; the snapshots and text assertions expect one fixed zone.
export TZ=UTC
read -r -a extra <<< "${CARGO_TEST_ARGS:-}"
say "cargo test --no-default-features (engine + CLI, no GUI stack)"
"$HARNESS/with-secret-service.sh" cargo test --no-default-features "${extra[@]}"
say "cargo test --all-features (everything, GUI included)"
"$HARNESS/with-secret-service.sh" cargo test --all-features "${extra[@]}"

say "packaging checks (fast; tests/packaging.sh --full builds and installs the .deb)"; "$ROOT/tests/packaging.sh" --fast
say "the real window under Xvfb, in English and Russian"; "$ROOT/tests/gui-smoke.sh"
say "all tests passed"
