#!/usr/bin/env bash
# Benchmark (DESIGN.md budget: full check ≤ 1.2× swaks + curl doing the same on the same server).
#
# "The same" is: log in to IMAP over TLS, log in to SMTP over TLS, send a message from the
# account to itself, and wait until it is in INBOX.
#   ours:   mailsetup check --imap …:tls --smtp …:tls --send-test   (release binary; it also
#           verifies certificates, reads capabilities and INBOX status, and times every step)
#   theirs: swaks sends with AUTH PLAIN over SMTPS (certificate verified), then curl polls IMAPS
#           (certificate verified) with SEARCH HEADER Message-ID until the message is there
# Both run against the local Dovecot + Exim; hyperfine measures both; the ratio is printed.
#
# Usage: tests/bench-check.sh [RUNS]
#   Uses the server in $MAILSETUP_TEST_MAILSERVER if set, else starts one (as root) under
#   target/bench-mail with PORT_BASE=${MAILSETUP_TEST_PORT_BASE:-21000} and stops it afterwards.
#   MAILSETUP_BIN overrides the binary (default target/release/mailsetup, built if missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-20}
die() { printf 'bench-check.sh: %s\n' "$*" >&2; exit 1; }
for tool in hyperfine swaks curl python3; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install hyperfine swaks curl libio-socket-ssl-perl libauthen-sasl-perl)"
done

BIN=${MAILSETUP_BIN:-$ROOT/target/release/mailsetup}
if [[ ! -x $BIN ]]; then
  (cd "$ROOT" && cargo build --release --no-default-features) || die "release build failed"
fi

WORK=$(mktemp -d)
STARTED_SERVER=
cleanup() {
  rm -rf "$WORK"
  if [[ -n $STARTED_SERVER ]]; then "$ROOT/tests/harness/mailserver/stop.sh" "$MS" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if [[ -n ${MAILSETUP_TEST_MAILSERVER:-} ]]; then
  MS=$MAILSETUP_TEST_MAILSERVER
else
  MS=$ROOT/target/bench-mail
  export MAIL_USERS=${MAIL_USERS:-"checker@example.test:Check-Pass-42"}
  PORT_BASE=${MAILSETUP_TEST_PORT_BASE:-21000} "$ROOT/tests/harness/mailserver/start.sh" "$MS" >/dev/null \
    || die "the mail test server did not start"
  STARTED_SERVER=1
fi
# server.env is KEY=VALUE lines (MAIL_USERS holds spaces, so it is read, not sourced)
env_value() { sed -n "s/^$1=//p" "$MS/server.env"; }
CA_FILE=$(env_value CA_FILE) IMAPS_PORT=$(env_value IMAPS_PORT) SMTPS_PORT=$(env_value SMTPS_PORT)
USER=checker@example.test
PASS=$(env_value MAIL_USERS | tr ' ' '\n' | sed -n "s/^$USER://p")
[[ -n $PASS ]] || die "no password for $USER in $MS/server.env"

export BIN USER PASS CA_FILE IMAPS_PORT SMTPS_PORT

cat > "$WORK/ours.sh" <<'EOF'
printf '%s\n' "$PASS" | "$BIN" check "$USER" --password-stdin --send-test --ca-file "$CA_FILE" \
  --imap "127.0.0.1:$IMAPS_PORT:tls" --smtp "127.0.0.1:$SMTPS_PORT:tls" --json > /dev/null
EOF

cat > "$WORK/theirs.sh" <<'EOF'
set -e
id="bench.$(date +%s%N).$$@example.test"
swaks --silent 2 --server 127.0.0.1 --port "$SMTPS_PORT" --tlsc --tls-verify --tls-ca-path "$CA_FILE" \
  --auth PLAIN --auth-user "$USER" --auth-password "$PASS" --from "$USER" --to "$USER" \
  --header "Message-Id: <$id>" --header "Subject: bench" --body "bench" > /dev/null
for _ in $(seq 1000); do
  if curl -s --cacert "$CA_FILE" --user "$USER:$PASS" \
       "imaps://127.0.0.1:$IMAPS_PORT/INBOX?HEADER%20Message-ID%20%3C$id%3E" | grep -q 'SEARCH [0-9]'; then
    exit 0
  fi
  sleep 0.02
done
echo "message $id never arrived" >&2
exit 1
EOF

# One run of each first: both must succeed, or the comparison means nothing.
bash "$WORK/ours.sh" || die "mailsetup check failed: run it by hand to see why"
bash "$WORK/theirs.sh" || die "swaks + curl failed"

hyperfine --style basic --warmup 2 --runs "$RUNS" --export-json "$WORK/bench.json" \
  -n "mailsetup check" "bash $WORK/ours.sh" \
  -n "swaks + curl" "bash $WORK/theirs.sh"

python3 - "$WORK/bench.json" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ours, theirs = results["mailsetup check"], results["swaks + curl"]
ratio = ours["mean"] / theirs["mean"]
print(f"mailsetup check: mean {ours['mean']*1000:.0f} ms (median {ours['median']*1000:.0f} ms, σ {ours['stddev']*1000:.0f} ms)")
print(f"swaks + curl:    mean {theirs['mean']*1000:.0f} ms (median {theirs['median']*1000:.0f} ms, σ {theirs['stddev']*1000:.0f} ms)")
print(f"ratio (mailsetup / swaks+curl): {ratio:.2f}x  (budget <= 1.20x: {'met' if ratio <= 1.2 else 'NOT met'})")
sys.exit(0 if ratio <= 1.2 else 3)
EOF
