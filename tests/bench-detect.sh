#!/usr/bin/env bash
# Whole-process timings of `mailsetup detect` with hyperfine (release build, no GUI stack):
#   1. a known provider, offline:            mailsetup detect anna@yandex.ru --offline --json
#   2. the worst case, every source black-holed at the default 5 s deadline (DNS that never
#      answers, an ISPDB that accepts and never speaks); target: at most deadline + 0.3 s.
# The black holes are a few lines of python3 on a loopback address of this worktree's range.
#
# Usage: tests/bench-detect.sh     (env: MAILSETUP_BENCH_IP, default 127.0.10.250)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
die() { printf 'bench-detect.sh: %s\n' "$*" >&2; exit 1; }
command -v hyperfine >/dev/null || die "hyperfine is missing (apt-get install hyperfine; tests/run-all.sh lists it)"
command -v python3 >/dev/null || die "python3 is missing (it runs the black-hole servers)"

IP=${MAILSETUP_BENCH_IP:-127.0.10.250}
OUT=$ROOT/target/bench-detect
mkdir -p "$OUT"
cargo build --release --no-default-features --bin mailsetup
BIN=$ROOT/target/release/mailsetup

# A DNS server that never answers (UDP+TCP) and a TCP listener on :443 that accepts and never speaks.
python3 - "$IP" "$OUT/black-hole.port" <<'PY' &
import socket, sys, threading, time
ip, port_file = sys.argv[1], sys.argv[2]
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind((ip, 0))
port = udp.getsockname()[1]
tcp_dns = socket.socket(); tcp_dns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); tcp_dns.bind((ip, port)); tcp_dns.listen(64)
web = socket.socket(); web.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); web.bind((ip, 443)); web.listen(64)
held = []
def hold(listener):
    while True:
        held.append(listener.accept()[0])
def swallow():
    while True:
        udp.recvfrom(4096)
for work in (lambda: hold(tcp_dns), lambda: hold(web), swallow):
    threading.Thread(target=work, daemon=True).start()
open(port_file, "w").write(str(port))
time.sleep(3600)
PY
BLACK_HOLE_PID=$!
trap 'kill $BLACK_HOLE_PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do [[ -s $OUT/black-hole.port ]] && break; sleep 0.1; done
[[ -s $OUT/black-hole.port ]] || die "the black-hole servers did not start on $IP"
DNS_PORT=$(cat "$OUT/black-hole.port")
rm -f "$OUT/black-hole.port"

printf '\n=== known provider, offline (whole process)\n'
hyperfine -N --warmup 5 --runs 50 --export-json "$OUT/preset.json" \
  "$BIN detect anna@yandex.ru --offline --json"

printf '\n=== every source black-holed, default 5 s deadline (whole process; exit code 3 expected)\n'
hyperfine -N --runs 5 --ignore-failure --export-json "$OUT/black-holed.json" \
  "$BIN detect nobody@black-holed.test --json --dns-server $IP:$DNS_PORT --ispdb-url https://$IP/v1.1/"

python3 - "$OUT/preset.json" "$OUT/black-holed.json" <<'PY'
import json, sys
preset = json.load(open(sys.argv[1]))["results"][0]
worst = json.load(open(sys.argv[2]))["results"][0]
print(f"\nknown provider offline: mean {preset['mean']*1000:.1f} ms, max {preset['max']*1000:.1f} ms")
print(f"all black-holed:        mean {worst['mean']:.3f} s, max {worst['max']:.3f} s (target <= 5.300 s)")
if worst["max"] > 5.3:
    sys.exit("the worst case exceeded deadline + 0.3 s")
PY
