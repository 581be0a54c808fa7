#!/bin/bash
# Start a real IMAP/POP3 (Dovecot) + SMTP submission (Exim) test server on 127.0.0.1 high ports.
#
# Usage: start.sh [STATE_DIR]        (or: MS=STATE_DIR start.sh)
# Writes STATE_DIR/server.env (KEY=VALUE lines: ports, CA path, users) for the integration tests.
#   STATE_DIR receives the generated CA + server cert, the users file, rendered configs, logs and
#   the Maildirs. Default: <directory of this script>/state. Every parent directory of STATE_DIR
#   must be world-executable (the daemons read it as the dovecot and Debian-exim users), so do not
#   use a 0700 mktemp directory as a parent.
#
# Needs (Debian 12): apt-get install -y --no-install-recommends dovecot-imapd dovecot-pop3d exim4-daemon-light openssl
# Runs as root (the daemons drop to the dovenull/dovecot/Debian-exim users created by the packages).
# Environment (defaults shown):
#   IMAP_PORT=1143 IMAPS_PORT=1993 POP3_PORT=1110 POP3S_PORT=1995 SMTPS_PORT=1465 SUBMISSION_PORT=1587
#   Ports that never offer STARTTLS (for the "starttls means required" tests):
#   SMTP_NO_STARTTLS_PORT=1588 (Exim on 127.0.0.1), IMAP_NO_STARTTLS_PORT=1144 and POP3_NO_STLS_PORT=1111
#   (Dovecot on NO_STARTTLS_ADDR=127.0.0.2, where its TLS is switched off)
#   MAIL_USERS="alice@example.test:secret bob@example.test:hunter2"
# Stop with stop.sh (same STATE_DIR).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)          # templates: dovecot.conf.in, exim.conf.in, clients/*.in
MS=${1:-${MS:-$HERE/state}}
mkdir -p "$MS"; MS=$(cd "$MS" && pwd); chmod 0755 "$MS"
# PORT_BASE moves every port at once (base+143, base+993, …) so parallel test runs do not collide.
PORT_BASE=${PORT_BASE:-1000}
IMAP_PORT=${IMAP_PORT:-$((PORT_BASE+143))} IMAPS_PORT=${IMAPS_PORT:-$((PORT_BASE+993))}
POP3_PORT=${POP3_PORT:-$((PORT_BASE+110))} POP3S_PORT=${POP3S_PORT:-$((PORT_BASE+995))}
SMTPS_PORT=${SMTPS_PORT:-$((PORT_BASE+465))} SUBMISSION_PORT=${SUBMISSION_PORT:-$((PORT_BASE+587))}
SMTP_NO_STARTTLS_PORT=${SMTP_NO_STARTTLS_PORT:-$((PORT_BASE+588))} NO_STARTTLS_ADDR=${NO_STARTTLS_ADDR:-127.0.0.2}
IMAP_NO_STARTTLS_PORT=${IMAP_NO_STARTTLS_PORT:-$((PORT_BASE+144))} POP3_NO_STLS_PORT=${POP3_NO_STLS_PORT:-$((PORT_BASE+111))}
MAIL_USERS=${MAIL_USERS:-"alice@example.test:secret bob@example.test:hunter2"}
t0=$(date +%s.%N)

mkdir -p "$MS"/{etc,tls,log/exim,run/exim-spool,mail,clients}
# 1. TLS: a throw-away CA + server cert (SAN localhost, 127.0.0.1, mail.example.test).
#    The server cert is a CA:FALSE leaf signed by the CA: rustls rejects a CA:TRUE self-signed
#    cert used directly as the server cert (CaUsedAsEndEntity), even when it is added as a root.
if [ ! -s "$MS/tls/server.crt" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=mailsetup Test CA" -keyout "$MS/tls/ca.key" -out "$MS/tls/ca.crt" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$MS/tls/server.key" -out "$MS/tls/server.csr" 2>/dev/null
  openssl x509 -req -in "$MS/tls/server.csr" -CA "$MS/tls/ca.crt" -CAkey "$MS/tls/ca.key" -CAcreateserial \
    -days 3650 -out "$MS/tls/server.crt" -extfile <(printf '%s\n' \
      'subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:mail.example.test' \
      'basicConstraints=critical,CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
      'extendedKeyUsage=serverAuth') 2>/dev/null
fi
chmod 0640 "$MS/tls/server.key"; chgrp Debian-exim "$MS/tls/server.key"
# 2. users file shared by dovecot (passwd-file) and exim (lsearch): user:password:uid:gid::home::
# mailboxes are owned by the exim user: exim started with -C loses root, so it can only deliver as itself
VUID=$(id -u Debian-exim) VGID=$(id -g Debian-exim)
: > "$MS/etc/users"
for u in $MAIL_USERS; do
  user=${u%%:*} pw=${u#*:} dom=${user#*@} lp=${user%@*}
  echo "$user:$pw:$VUID:$VGID::$MS/mail/$dom/$lp::" >> "$MS/etc/users"
  mkdir -p "$MS/mail/$dom/$lp"
done
chmod 0644 "$MS/etc/users"   # test credentials; read by dovecot auth (uid dovecot) and exim (uid Debian-exim)
chown -R Debian-exim:Debian-exim "$MS/mail"; chown Debian-exim:Debian-exim "$MS/run/exim-spool" "$MS/log/exim"
if command -v runuser >/dev/null && ! runuser -u Debian-exim -- test -r "$MS/etc/users"; then
  echo "$MS is not readable by the Debian-exim user: every parent directory must be world-executable" >&2; exit 1
fi
# 3. render configs (server configs into run/, client configs for the proof commands into clients/)
render() {
  sed -e "s#@MS@#$MS#g" -e "s#@IMAP_PORT@#$IMAP_PORT#g" -e "s#@IMAPS_PORT@#$IMAPS_PORT#g" \
      -e "s#@POP3_PORT@#$POP3_PORT#g" -e "s#@POP3S_PORT@#$POP3S_PORT#g" \
      -e "s#@SMTPS_PORT@#$SMTPS_PORT#g" -e "s#@SUBMISSION_PORT@#$SUBMISSION_PORT#g" \
      -e "s#@SMTP_NO_STARTTLS_PORT@#$SMTP_NO_STARTTLS_PORT#g" -e "s#@NO_STARTTLS_ADDR@#$NO_STARTTLS_ADDR#g" \
      -e "s#@IMAP_NO_STARTTLS_PORT@#$IMAP_NO_STARTTLS_PORT#g" -e "s#@POP3_NO_STLS_PORT@#$POP3_NO_STLS_PORT#g" "$1" > "$2"
}
for f in dovecot exim; do render "$HERE/$f.conf.in" "$MS/run/$f.conf"; done
chmod 0644 "$MS/run/exim.conf"
for f in "$HERE"/clients/*.in; do
  [ -e "$f" ] || continue
  out="$MS/clients/$(basename "$f" .in)"; render "$f" "$out"; chmod 0600 "$out"   # msmtp insists on 0600
done
mkdir -p "$MS/clients/mbsync-alice"
# 4. start
dovecot -c "$MS/run/dovecot.conf"
exim4 -C "$MS/run/exim.conf" -bd -q1m
# 5. wait for all ports
for ap in 127.0.0.1/$IMAP_PORT 127.0.0.1/$IMAPS_PORT 127.0.0.1/$POP3_PORT 127.0.0.1/$POP3S_PORT \
    127.0.0.1/$SMTPS_PORT 127.0.0.1/$SUBMISSION_PORT 127.0.0.1/$SMTP_NO_STARTTLS_PORT \
    $NO_STARTTLS_ADDR/$IMAP_NO_STARTTLS_PORT $NO_STARTTLS_ADDR/$POP3_NO_STLS_PORT; do
  for i in $(seq 100); do (exec 3<>/dev/tcp/$ap) 2>/dev/null && break; sleep 0.05; done
  (exec 3<>/dev/tcp/$ap) 2>/dev/null || { echo "port $ap not up" >&2; tail -20 "$MS"/log/*; exit 1; }
done
cat > "$MS/server.env" <<ENV
MAIL_STATE=$MS
CA_FILE=$MS/tls/ca.crt
IMAP_PORT=$IMAP_PORT
IMAPS_PORT=$IMAPS_PORT
POP3_PORT=$POP3_PORT
POP3S_PORT=$POP3S_PORT
SMTPS_PORT=$SMTPS_PORT
SUBMISSION_PORT=$SUBMISSION_PORT
SMTP_NO_STARTTLS_PORT=$SMTP_NO_STARTTLS_PORT
NO_STARTTLS_ADDR=$NO_STARTTLS_ADDR
IMAP_NO_STARTTLS_PORT=$IMAP_NO_STARTTLS_PORT
POP3_NO_STLS_PORT=$POP3_NO_STLS_PORT
MAIL_USERS=$MAIL_USERS
DOVECOT_LOG=$MS/log/dovecot.log
EXIM_MAINLOG=$MS/log/exim/mainlog
ENV
echo "mail test server up in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}') s: IMAP $IMAP_PORT/IMAPS $IMAPS_PORT POP3 $POP3_PORT/POP3S $POP3S_PORT SMTPS $SMTPS_PORT SUBMISSION(STARTTLS) $SUBMISSION_PORT; no STARTTLS: SMTP $SMTP_NO_STARTTLS_PORT IMAP $NO_STARTTLS_ADDR:$IMAP_NO_STARTTLS_PORT POP3 $NO_STARTTLS_ADDR:$POP3_NO_STLS_PORT; CA: $MS/tls/ca.crt"
