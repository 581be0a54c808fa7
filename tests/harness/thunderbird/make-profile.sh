#!/bin/bash
# make-profile.sh PROFILE_DIR USER_JS CA_PEM MARIONETTE_PORT
# A fresh Thunderbird profile from an EXPORTED user.js (copied unchanged), followed by the few
# test-harness prefs headless Thunderbird needs, and the test CA trusted in the profile's NSS db.
# Later user_pref lines win, so the exported lines stay as they are. Adapted from
# reference/testbed/thunderbird/make-profile.sh.
# Needs (Debian 12): thunderbird libnss3-tools (certutil).
set -euo pipefail
P=$1 USER_JS=$2 CA=$3 PORT=$4
rm -rf "$P"; mkdir -p "$P"
cp "$USER_JS" "$P/user.js"
cat >> "$P/user.js" <<PREFS
// --- test harness only (not part of the export) ---
// Headless Thunderbird cannot show the password prompt that login_at_startup would open, and
// Marionette hangs while it is open: the harness stores the password, then fetches.
user_pref("mail.server.server1.login_at_startup", false);
user_pref("marionette.port", $PORT);
user_pref("mail.shell.checkDefaultClient", false);
user_pref("mail.provider.suppress_dialog_on_startup", true);
user_pref("mailnews.start_page.enabled", false);
user_pref("app.update.enabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("mail.rights.version", 1);
PREFS
certutil -N -d "sql:$P" --empty-password
certutil -A -d "sql:$P" -n "Test CA" -t "C,," -i "$CA"
