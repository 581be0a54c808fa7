//! Formats without a real client on Linux, checked with the real parsers that read them:
//! plistlib + plistutil (Apple profile), XML parsers (autoconfig, .k9s), INI/GLib key-file
//! parsers (Outlook PRF, Claws, Geary), zbarimg (the QR code), php (-l and loading the values),
//! python-dotenv (Laravel), Python itself (Django). Plus the export command's behaviour.
// NOTE: the autoconfig XML round trip through the project's own discovery parser lives in the
// unit tests of src/engine/export/autoconfig_xml.rs; here xmllint and Python's parser read it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod common;
mod export_support;

use export_support::*;
use mailsetup::engine::export::thunderbird_qr;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A display name that every quoting layer treats specially.
const TRICKY_NAME: &str = r#"O'Brien "Jo" \ $HOME`id`; #1"#;

/// Exports jane@example.com with the given format and server flags into `dir`, returns the path
/// `mailsetup` wrote (file or folder) and its stderr.
fn export_sample(dir: &Path, format: &str, name: &str, servers: &[&str]) -> (PathBuf, String) {
    let target = dir.join(format!("{format}.out"));
    let mut args = vec!["jane@example.com", "--name", name, "-f", format, "-o", target.to_str().unwrap()];
    args.extend_from_slice(servers);
    let out = mailsetup_export(&args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "export {format}: {stderr}");
    (target, stderr)
}

const TLS: [&str; 4] = ["--imap", "imap.example.com:993:tls", "--smtp", "smtp.example.com:465:tls"];
const STARTTLS: [&str; 4] = ["--imap", "imap.example.com:143:starttls", "--smtp", "smtp.example.com:587:starttls"];
const POP3: [&str; 4] = ["--pop3", "pop.example.com:995:tls", "--smtp", "smtp.example.com:587:starttls"];

/// Runs a Python script (given as text) with arguments; returns stdout parsed as JSON.
fn python_json(script: &str, args: &[&str]) -> Value {
    let dir = temp_dir("py");
    let path = dir.path().join("check.py");
    std::fs::write(&path, script).unwrap();
    let mut all = vec![path.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = run("/usr/bin/python3", &all, |_| {});
    assert!(out.status.success(), "python: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// Runs a PHP script (given as text) with arguments; returns stdout parsed as JSON.
fn php_json(script: &str, args: &[&str]) -> Value {
    let dir = temp_dir("php");
    let path = dir.path().join("check.php");
    std::fs::write(&path, script).unwrap();
    let mut all = vec![path.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = run("php", &all, |_| {});
    assert!(
        out.status.success(),
        "php: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

const PLIST_CHECK: &str = r#"
import json, plistlib, sys, uuid
with open(sys.argv[1], "rb") as f:
    p = plistlib.load(f)
required_top = {"PayloadContent": list, "PayloadIdentifier": str, "PayloadType": str, "PayloadUUID": str, "PayloadVersion": int}
for key, kind in required_top.items():
    assert isinstance(p.get(key), kind), ("top", key)
assert p["PayloadType"] == "Configuration" and p["PayloadVersion"] == 1
uuid.UUID(p["PayloadUUID"])
[m] = p["PayloadContent"]
required = {"PayloadType": str, "PayloadVersion": int, "PayloadIdentifier": str, "PayloadUUID": str,
            "EmailAccountType": str, "IncomingMailServerHostName": str, "IncomingMailServerAuthentication": str,
            "OutgoingMailServerHostName": str, "OutgoingMailServerAuthentication": str}
for key, kind in required.items():
    assert isinstance(m.get(key), kind), ("payload", key)
uuid.UUID(m["PayloadUUID"])
assert m["PayloadType"] == "com.apple.mail.managed"
assert m["EmailAccountType"] in ("EmailTypeIMAP", "EmailTypePOP")
auth = ("EmailAuthNone", "EmailAuthPassword", "EmailAuthCRAMMD5", "EmailAuthNTLM", "EmailAuthHTTPMD5")
assert m["IncomingMailServerAuthentication"] in auth and m["OutgoingMailServerAuthentication"] in auth
for key in ("IncomingMailServerPortNumber", "OutgoingMailServerPortNumber"):
    assert type(m[key]) is int
for key in ("IncomingMailServerUseSSL", "OutgoingMailServerUseSSL"):
    assert type(m[key]) is bool
assert "IncomingPassword" not in m and "OutgoingPassword" not in m
assert m["PayloadIdentifier"] != p["PayloadIdentifier"] and m["PayloadIdentifier"].startswith(p["PayloadIdentifier"])
print(json.dumps({"top": {k: v for k, v in p.items() if k != "PayloadContent"}, "mail": m}))
"#;

fn check_mobileconfig(servers: &[&str]) -> Value {
    let dir = temp_dir("mobileconfig");
    let (path, _) = export_sample(dir.path(), "mobileconfig", "Jane Doe", servers);
    let checked = python_json(PLIST_CHECK, &[path.to_str().unwrap()]);
    let binary = dir.path().join("binary.plist");
    let out = run("plistutil", &["-i", path.to_str().unwrap(), "-o", binary.to_str().unwrap()], |_| {});
    assert!(out.status.success(), "plistutil: {}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&binary).unwrap().starts_with(b"bplist00"), "plistutil wrote a binary plist");
    checked
}

#[test]
fn mobileconfig_parses_with_plistlib_and_plistutil_and_has_every_required_key() {
    let tls = check_mobileconfig(&TLS);
    assert_eq!(tls["mail"]["IncomingMailServerUseSSL"], true);
    assert_eq!(tls["mail"]["OutgoingMailServerUseSSL"], true);
    assert_eq!(tls["mail"]["IncomingMailServerPortNumber"], 993);
    assert_eq!(tls["mail"]["EmailAccountName"], "Jane Doe");
    let starttls = check_mobileconfig(&STARTTLS);
    assert_eq!(starttls["mail"]["IncomingMailServerUseSSL"], false);
    assert_eq!(starttls["mail"]["OutgoingMailServerPortNumber"], 587);
    let pop3 = check_mobileconfig(&POP3);
    assert_eq!(pop3["mail"]["EmailAccountType"], "EmailTypePOP");
}

#[test]
fn mobileconfig_keeps_its_identifier_but_gets_fresh_uuids_on_every_export() {
    let first = check_mobileconfig(&TLS);
    let second = check_mobileconfig(&TLS);
    assert_eq!(first["top"]["PayloadIdentifier"], "app.mailsetup.account.jane-example-com");
    assert_eq!(first["top"]["PayloadIdentifier"], second["top"]["PayloadIdentifier"]);
    assert_eq!(first["mail"]["PayloadIdentifier"], second["mail"]["PayloadIdentifier"]);
    assert_ne!(first["top"]["PayloadUUID"], second["top"]["PayloadUUID"]);
    assert_ne!(first["mail"]["PayloadUUID"], second["mail"]["PayloadUUID"]);
}

#[test]
fn mobileconfig_warns_that_apple_mail_cannot_require_starttls() {
    let dir = temp_dir("mobileconfig-warning");
    let (_, stderr) = export_sample(dir.path(), "mobileconfig", "Jane Doe", &STARTTLS);
    assert!(stderr.contains("cannot insist on STARTTLS for IMAP"), "{stderr}");
    assert!(stderr.contains("cannot insist on STARTTLS for SMTP"), "{stderr}");
}

const AUTOCONFIG_CHECK: &str = r#"
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "clientConfig" and root.get("version") == "1.1"
provider = root.find("emailProvider")
def server(el):
    return {"type": el.get("type"), **{c.tag: c.text for c in el if len(c) == 0},
            "leave": el.findtext("pop3/leaveMessagesOnServer")}
print(json.dumps({
    "id": provider.get("id"),
    "domains": [d.text for d in provider.findall("domain")],
    "incoming": [server(s) for s in provider.findall("incomingServer")],
    "outgoing": [server(s) for s in provider.findall("outgoingServer")],
    "password": root.find(".//password") is not None,
}))
"#;

fn check_autoconfig(email: &str, servers: &[&str]) -> Value {
    let dir = temp_dir("autoconfig");
    let target = dir.path().join("config-v1.1.xml");
    let mut args = vec![email, "-f", "autoconfig-xml", "-o", target.to_str().unwrap()];
    args.extend_from_slice(servers);
    let out = mailsetup_export(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lint = run("xmllint", &["--noout", target.to_str().unwrap()], |_| {});
    assert!(lint.status.success(), "xmllint: {}", String::from_utf8_lossy(&lint.stderr));
    let parsed = python_json(AUTOCONFIG_CHECK, &[target.to_str().unwrap()]);
    assert_eq!(parsed["password"], false);
    parsed
}

#[test]
fn autoconfig_xml_parses_and_carries_each_server_with_its_security() {
    let tls = check_autoconfig("jane@example.com", &TLS);
    assert_eq!(tls["id"], "example.com");
    assert_eq!(tls["domains"], json!(["example.com"]));
    assert_eq!(tls["incoming"][0]["type"], "imap");
    assert_eq!(tls["incoming"][0]["hostname"], "imap.example.com");
    assert_eq!(tls["incoming"][0]["port"], "993");
    assert_eq!(tls["incoming"][0]["socketType"], "SSL");
    assert_eq!(tls["incoming"][0]["authentication"], "password-cleartext");
    assert_eq!(tls["incoming"][0]["username"], "%EMAILADDRESS%");
    assert_eq!(tls["outgoing"][0]["socketType"], "SSL");
    let starttls = check_autoconfig("jane@example.com", &STARTTLS);
    assert_eq!(starttls["incoming"][0]["socketType"], "STARTTLS");
    assert_eq!(starttls["outgoing"][0]["socketType"], "STARTTLS");
    assert_eq!(starttls["outgoing"][0]["port"], "587");
    let pop3 = check_autoconfig("jane@example.com", &POP3);
    assert_eq!(pop3["incoming"][0]["type"], "pop3");
    assert_eq!(pop3["incoming"][0]["leave"], "true");
}

#[test]
fn autoconfig_xml_uses_punycode_for_idn_domains_and_keeps_non_ascii_local_parts_as_placeholders() {
    let idn = check_autoconfig("ivan@почта.рф", &TLS);
    assert_eq!(idn["id"], "xn--80a1acny.xn--p1ai");
    assert_eq!(idn["domains"], json!(["xn--80a1acny.xn--p1ai"]));
    assert_eq!(idn["incoming"][0]["username"], "%EMAILADDRESS%");
    let local = check_autoconfig("иван@почта.рф", &TLS);
    assert_eq!(local["incoming"][0]["username"], "%EMAILADDRESS%");
    let login = check_autoconfig(
        "jane@example.com",
        &["--username", "jane", "--imap", "imap.example.com:993:tls", "--smtp", "smtp.example.com:465:tls"],
    );
    assert_eq!(login["incoming"][0]["username"], "%EMAILLOCALPART%");
}

const K9S_CHECK: &str = r#"
import json, sys, uuid, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "k9settings" and root.get("version") == "99" and root.get("format") == "1"
[account] = root.findall("accounts/account")
uuid.UUID(account.get("uuid"))
def server(el):
    keys = ["host", "port", "connection-security", "authentication-type", "username"]
    assert [c.tag for c in el] == keys, [c.tag for c in el]
    return {"type": el.get("type"), **{k: el.findtext(k) for k in keys}}
print(json.dumps({
    "name": account.findtext("name"),
    "deletePolicy": account.findtext("settings/value[@key='deletePolicy']"),
    "incoming": server(account.find("incoming-server")),
    "outgoing": server(account.find("outgoing-server")),
    "identity": [account.findtext("identities/identity/name"), account.findtext("identities/identity/email")],
    "password": root.find(".//password") is not None,
}))
"#;

fn check_k9s(email: &str, servers: &[&str]) -> Value {
    let dir = temp_dir("k9s");
    let target = dir.path().join("settings.k9s");
    let mut args = vec![email, "--name", "Jane Doe", "-f", "k9s", "-o", target.to_str().unwrap()];
    args.extend_from_slice(servers);
    let out = mailsetup_export(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let parsed = python_json(K9S_CHECK, &[target.to_str().unwrap()]);
    assert_eq!(parsed["password"], false);
    parsed
}

#[test]
fn k9s_settings_file_has_the_documented_structure_and_security_words() {
    let tls = check_k9s("jane@example.com", &TLS);
    assert_eq!(tls["incoming"]["type"], "IMAP");
    assert_eq!(tls["incoming"]["connection-security"], "SSL_TLS_REQUIRED");
    assert_eq!(tls["incoming"]["authentication-type"], "PLAIN");
    assert_eq!(tls["outgoing"]["type"], "SMTP");
    assert_eq!(tls["deletePolicy"], "DELETE");
    assert_eq!(tls["identity"], json!(["Jane Doe", "jane@example.com"]));
    let starttls = check_k9s("jane@example.com", &STARTTLS);
    assert_eq!(starttls["incoming"]["connection-security"], "STARTTLS_REQUIRED");
    assert_eq!(starttls["outgoing"]["connection-security"], "STARTTLS_REQUIRED");
    let pop3 = check_k9s("jane@example.com", &POP3);
    assert_eq!(pop3["incoming"]["type"], "POP3");
    assert_eq!(pop3["deletePolicy"], "NEVER", "POP3 mail stays on the server");
    let idn = check_k9s("иван@почта.рф", &TLS);
    assert_eq!(idn["identity"][1], "иван@xn--80a1acny.xn--p1ai");
}

const PRF_CHECK: &str = r#"
import configparser, json, sys
raw = open(sys.argv[1], "rb").read()
if raw.startswith(b"\xff\xfe"):
    text, encoding = raw[2:].decode("utf-16-le"), "utf-16"
else:
    text, encoding = raw.decode("ascii"), "ascii"
lines = text.split("\r\n")
assert all("\n" not in l and "\r" not in l for l in lines), "CRLF line ends only"
ini = configparser.RawConfigParser(comment_prefixes=(";",), strict=True)
ini.optionxform = str
ini.read_string(text)
print(json.dumps({"encoding": encoding, "sections": ini.sections(), **{s: dict(ini[s]) for s in ini.sections()}}))
"#;

#[test]
fn outlook_prf_is_a_crlf_ini_with_the_documented_sections_and_values() {
    let dir = temp_dir("prf");
    let (path, _) = export_sample(dir.path(), "outlook-prf", "Jane Doe", &TLS);
    let prf = python_json(PRF_CHECK, &[path.to_str().unwrap()]);
    assert_eq!(prf["encoding"], "ascii");
    assert_eq!(
        prf["sections"],
        json!([
            "General",
            "Service List",
            "Internet Account List",
            "Service1",
            "Service2",
            "Account1",
            "Unicode Personal Folders",
            "Outlook Address Book",
            "IMAP_I_Mail"
        ])
    );
    assert_eq!(prf["Internet Account List"]["Account1"], "IMAP_I_Mail");
    let account = &prf["Account1"];
    assert_eq!(account["IMAPServer"], "imap.example.com");
    assert_eq!(account["IMAPPort"], "993");
    assert_eq!(account["IMAPUseSSL"], "1");
    assert_eq!(account["SMTPSecureConnection"], "1");
    assert_eq!(prf["IMAP_I_Mail"]["IMAPUseSSL"], "PT_LONG,0x0105");
    assert_eq!(prf["IMAP_I_Mail"]["SMTPSecureConnection"], "PT_LONG,0x020A");
    // SMTP STARTTLS is expressible (2 = ENCRYPT_CONN_TLS); POP3 uses the I_Mail map.
    let (path, _) = export_sample(dir.path(), "outlook-prf", "Анна", &POP3);
    let pop3 = python_json(PRF_CHECK, &[path.to_str().unwrap()]);
    assert_eq!(pop3["encoding"], "utf-16", "non-Latin names are written as Unicode");
    assert_eq!(pop3["Account1"]["DisplayName"], "Анна");
    assert_eq!(pop3["Account1"]["POP3UseSSL"], "1");
    assert_eq!(pop3["Account1"]["LeaveOnServer"], "1");
    assert_eq!(pop3["Account1"]["SMTPSecureConnection"], "2");
    assert_eq!(pop3["I_Mail"]["LeaveOnServer"], "PT_LONG,0x1000");
}

#[test]
fn outlook_prf_refuses_imap_starttls_instead_of_writing_an_unencrypted_login() {
    let out = mailsetup_export(&[
        "jane@example.com",
        "-f",
        "outlook-prf",
        STARTTLS[0],
        STARTTLS[1],
        STARTTLS[2],
        STARTTLS[3],
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot insist on STARTTLS for IMAP"));
}

const KEYFILE_CHECK: &str = r#"
import json, sys, gi
from gi.repository import GLib
kf = GLib.KeyFile()
kf.load_from_file(sys.argv[1], GLib.KeyFileFlags.NONE)
out = {}
for group in kf.get_groups()[0]:
    out[group] = {k: kf.get_string(group, k) for k in kf.get_keys(group)[0] if k != "sender_mailboxes"}
if kf.has_group("Account") and "sender_mailboxes" in kf.get_keys("Account")[0]:
    out["Account"]["sender_mailboxes"] = kf.get_string_list("Account", "sender_mailboxes")
print(json.dumps(out))
"#;

#[test]
fn geary_ini_reads_back_through_glib_with_names_that_need_quoting() {
    let dir = temp_dir("geary");
    let (path, _) = export_sample(dir.path(), "geary", "Doe; Jane, \\ Jr.", &STARTTLS);
    let geary = python_json(KEYFILE_CHECK, &[path.to_str().unwrap()]);
    assert_eq!(geary["Account"]["sender_mailboxes"], json!(["\"Doe; Jane, \\\\ Jr.\" <jane@example.com>"]));
    assert_eq!(geary["Incoming"]["transport_security"], "start-tls");
    assert_eq!(geary["Incoming"]["port"], "143");
    assert_eq!(geary["Outgoing"]["transport_security"], "start-tls");
    assert_eq!(geary["Outgoing"]["credentials"], "use-incoming");
}

#[test]
fn claws_accountrc_parses_as_ini_with_the_documented_values() {
    let script = r#"
import configparser, json, sys
ini = configparser.RawConfigParser(strict=True)
ini.read(sys.argv[1])
print(json.dumps({s: dict(ini[s]) for s in ini.sections()}))
"#;
    let dir = temp_dir("claws");
    let (path, _) = export_sample(dir.path(), "claws", "Jane Doe", &STARTTLS);
    let claws = python_json(script, &[path.to_str().unwrap()]);
    let account = &claws["Account: 1"];
    assert_eq!(account["protocol"], "1");
    assert_eq!(account["ssl_imap"], "2");
    assert_eq!(account["ssl_smtp"], "2");
    assert_eq!(account["imap_port"], "143");
    let (path, _) = export_sample(dir.path(), "claws", "Jane Doe", &POP3);
    let claws = python_json(script, &[path.to_str().unwrap()]);
    assert_eq!(claws["Account: 1"]["protocol"], "0");
    assert_eq!(claws["Account: 1"]["ssl_pop"], "1");
    assert_eq!(claws["Account: 1"]["rmmail"], "0");
}

fn zbar_decode(png: &Path) -> String {
    let out = run("zbarimg", &["--raw", "-q", png.to_str().unwrap()], |_| {});
    assert!(out.status.success(), "zbarimg found no code in {}", png.display());
    String::from_utf8(out.stdout).unwrap().trim_end_matches('\n').to_string()
}

/// The payload's shape, as Thunderbird for Android's validator reads it.
fn assert_payload_shape(payload: &str) -> Value {
    let v: Value = serde_json::from_str(payload).unwrap();
    assert_eq!(v[0], 1, "format version");
    assert_eq!(v[1], json!([1, 1]), "part 1 of 1");
    let incoming = v[2].as_array().unwrap();
    assert_eq!(incoming.len(), 8);
    assert!(incoming[0].is_u64() && incoming[2].is_u64() && incoming[3].is_u64() && incoming[4].is_u64());
    assert!(incoming[1].is_string() && incoming[5].is_string() && incoming[6].is_string() && incoming[7].is_string());
    let group = v[3][0].as_array().unwrap();
    let smtp = group[0].as_array().unwrap();
    assert_eq!(smtp.len(), 7);
    assert_eq!(smtp[0], 0);
    let identity = group[1].as_array().unwrap();
    assert_eq!(identity.len(), 2);
    assert!(payload.chars().all(|c| c != '\n' && c != '\r'));
    for host in [&incoming[1], &smtp[1], &identity[0]] {
        assert!(host.as_str().unwrap().is_ascii(), "hosts and addresses are ASCII: {host}");
    }
    v
}

#[test]
fn qr_png_and_svg_decode_with_zbarimg_to_exactly_the_payload() {
    let dir = temp_dir("qr");
    let (folder, stderr) = export_sample(dir.path(), "thunderbird-qr", "Jane Doe", &TLS);
    assert!(!stderr.contains("password"), "{stderr}");
    let png = folder.join("jane-example-com-thunderbird-qr.png");
    let svg = folder.join("jane-example-com-thunderbird-qr.svg");
    let expected = r#"[1,[1,1],[0,"imap.example.com",993,3,1,"jane@example.com","jane@example.com",""],[[[0,"smtp.example.com",465,3,1,"jane@example.com",""],["jane@example.com","Jane Doe"]]]]"#;
    assert_eq!(zbar_decode(&png), expected, "the verified sample payload (exports.md §1d)");
    assert_payload_shape(expected);
    // The SVG is what a browser or the GUI shows: render it with ImageMagick and scan it too.
    let rendered = dir.path().join("svg.png");
    let out = run("convert", &[svg.to_str().unwrap(), rendered.to_str().unwrap()], |_| {});
    assert!(out.status.success(), "convert: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(zbar_decode(&rendered), expected);

    let starttls_dir = temp_dir("qr-starttls");
    let (folder, _) = export_sample(starttls_dir.path(), "thunderbird-qr", "Jane Doe", &POP3);
    let decoded = zbar_decode(&folder.join("jane-example-com-thunderbird-qr.png"));
    let v = assert_payload_shape(&decoded);
    assert_eq!(v[2][0], 1, "POP3");
    assert_eq!(v[3][0][0][3], 2, "SMTP STARTTLS is 2");
}

#[test]
fn qr_code_carries_the_password_only_when_asked_and_warns_loudly() {
    let dir = temp_dir("qr-password");
    let folder = dir.path().join("qr");
    let config = temp_dir("config");
    let args = [
        "export",
        "jane@example.com",
        "--name",
        "Jane Doe",
        "-f",
        "thunderbird-qr",
        "-o",
        folder.to_str().unwrap(),
        "--include-password",
        TLS[0],
        TLS[1],
        TLS[2],
        TLS[3],
    ];
    let out = common::run_mailsetup(config.path(), &args, Some("Qr-Pass-1\n"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("The password is inside this code"), "{stderr}");
    let decoded = zbar_decode(&folder.join("jane-example-com-thunderbird-qr.png"));
    let v = assert_payload_shape(&decoded);
    assert_eq!(v[2][7], "Qr-Pass-1");
    assert_eq!(v[3][0][0][6], "Qr-Pass-1");

    let out = common::run_mailsetup(config.path(), &args, None);
    assert_eq!(out.status.code(), Some(2), "--include-password without a password on stdin is refused");
}

#[test]
fn qr_code_uses_punycode_for_idn_domains_and_keeps_names_in_utf8() {
    let dir = temp_dir("qr-idn");
    let target = dir.path().join("code.png");
    let out = mailsetup_export(&[
        "ivan@почта.рф",
        "--name",
        "Иван Петров",
        "-f",
        "thunderbird-qr",
        "-o",
        target.to_str().unwrap(),
        "--imap",
        "imap.почта.рф:993:tls",
        "--smtp",
        "smtp.почта.рф:465:tls",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!dir.path().join("code.svg").exists(), "-o NAME.png writes just the PNG");
    let decoded = zbar_decode(&target);
    let v = assert_payload_shape(&decoded);
    assert_eq!(v[2][1], "imap.xn--80a1acny.xn--p1ai");
    assert_eq!(v[2][5], "ivan@xn--80a1acny.xn--p1ai");
    assert_eq!(v[3][0][1], json!(["ivan@xn--80a1acny.xn--p1ai", "Иван Петров"]));
}

#[test]
fn qr_code_refuses_non_ascii_local_parts_with_a_clear_message_in_both_languages() {
    for (lang, words) in [("en", "Latin letters before the @ sign"), ("ru", "латинские буквы")] {
        let dir = temp_dir("qr-refused");
        let out = mailsetup_export(&[
            "иван@почта.рф",
            "--lang",
            lang,
            "-f",
            "thunderbird-qr",
            "-o",
            dir.path().to_str().unwrap(),
            TLS[0],
            TLS[1],
            TLS[2],
            TLS[3],
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr.contains(words) && stderr.contains("иван@почта.рф"), "{lang}: {stderr}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
    }
    let account = {
        let mut a = tls_account();
        a.email = "иван@почта.рф".into();
        a
    };
    assert_eq!(thunderbird_qr::payload(&account, None).unwrap_err().id(), "non-ascii-local-part");
}

#[test]
fn qr_matrix_for_the_gui_matches_the_png_module_by_module() {
    let payload = thunderbird_qr::payload(&tls_account(), None).unwrap();
    let matrix = thunderbird_qr::matrix(&payload).unwrap();
    assert_eq!(matrix.dark.len(), matrix.width * matrix.width);
    let image = image::load_from_memory(&thunderbird_qr::png(&payload).unwrap()).unwrap().to_luma8();
    let (module_px, quiet_modules) = (8, 4);
    assert_eq!(image.width() as usize, (matrix.width + 2 * quiet_modules) * module_px);
    for y in 0..matrix.width {
        for x in 0..matrix.width {
            let centre = |i: usize| ((i + quiet_modules) * module_px + module_px / 2) as u32;
            let dark = image.get_pixel(centre(x), centre(y))[0] < 128;
            assert_eq!(dark, matrix.is_dark(x, y), "module {x},{y}");
        }
    }
}

const PHPMAILER_STUB: &str = r#"<?php
namespace PHPMailer\PHPMailer {
    class PHPMailer {
        const ENCRYPTION_STARTTLS = 'tls';
        const ENCRYPTION_SMTPS = 'ssl';
        public $Host; public $Port; public $SMTPSecure = ''; public $SMTPAuth = false;
        public $Username = ''; public $Password = ''; public $AuthType = ''; public $from; public $smtp = false;
        public function isSMTP() { $this->smtp = true; }
        public function setFrom($address, $name = '') { $this->from = [$address, $name]; }
    }
}
namespace {
    require $argv[1];
    putenv('SMTP_PASSWORD=from-the-environment');
    $mail = new PHPMailer\PHPMailer\PHPMailer();
    mailsetup_configure_phpmailer($mail);
    echo json_encode(get_object_vars($mail));
}
"#;

fn php_lint(path: &Path) {
    let out = run("php", &["-l", path.to_str().unwrap()], |_| {});
    assert!(out.status.success(), "php -l: {}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn joomla_wordpress_and_phpmailer_pass_php_lint_and_load_with_the_exact_values() {
    let dir = temp_dir("php-exports");
    let (joomla, _) = export_sample(dir.path(), "joomla", TRICKY_NAME, &STARTTLS);
    php_lint(&joomla);
    let config = php_json(
        "<?php require $argv[1]; echo json_encode(get_object_vars(new JConfigMailSettings()));",
        &[joomla.to_str().unwrap()],
    );
    assert_eq!(config["fromname"], TRICKY_NAME);
    assert_eq!(config["smtpsecure"], "tls");
    assert_eq!(config["smtpport"], 587);
    assert_eq!(config["smtpauth"], true);
    assert_eq!(config["smtppass"], "");
    assert_eq!(config["mailer"], "smtp");

    let (wordpress, _) = export_sample(dir.path(), "wordpress", TRICKY_NAME, &TLS);
    php_lint(&wordpress);
    let constants = php_json(
        "<?php require $argv[1]; echo json_encode([WPMS_SMTP_HOST, WPMS_SMTP_PORT, WPMS_SSL, WPMS_SMTP_AUTH, WPMS_SMTP_USER, WPMS_MAIL_FROM_NAME, defined('WPMS_SMTP_PASS')]);",
        &[wordpress.to_str().unwrap()],
    );
    assert_eq!(constants, json!(["smtp.example.com", 465, "ssl", true, "jane@example.com", TRICKY_NAME, false]));

    let (phpmailer, _) = export_sample(dir.path(), "phpmailer", TRICKY_NAME, &STARTTLS);
    php_lint(&phpmailer);
    let mail = php_json(PHPMAILER_STUB, &[phpmailer.to_str().unwrap()]);
    assert_eq!(mail["smtp"], true);
    assert_eq!(mail["Host"], "smtp.example.com");
    assert_eq!(mail["Port"], 587);
    assert_eq!(mail["SMTPSecure"], "tls");
    assert_eq!(mail["SMTPAuth"], true);
    assert_eq!(mail["Password"], "from-the-environment");
    assert_eq!(mail["from"], json!(["jane@example.com", TRICKY_NAME]));
}

#[test]
fn laravel_env_parses_with_python_dotenv_to_the_exact_values() {
    let script = r##"
import json, re, sys
from dotenv import dotenv_values
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    assert line == "" or line.startswith("#") or re.match(r"^[A-Z_]+=", line), line
print(json.dumps(dotenv_values(sys.argv[1], interpolate=True)))
"##;
    let dir = temp_dir("laravel");
    let (path, _) = export_sample(dir.path(), "laravel-env", TRICKY_NAME, &TLS);
    let env = python_json(script, &[path.to_str().unwrap()]);
    assert_eq!(env["MAIL_MAILER"], "smtp");
    assert_eq!(env["MAIL_SCHEME"], "smtps");
    assert_eq!(env["MAIL_HOST"], "smtp.example.com");
    assert_eq!(env["MAIL_PORT"], "465");
    assert_eq!(env["MAIL_USERNAME"], "jane@example.com");
    assert_eq!(env["MAIL_PASSWORD"], "");
    assert_eq!(env["MAIL_ENCRYPTION"], "ssl");
    assert_eq!(env["MAIL_FROM_NAME"], TRICKY_NAME, "no interpolation, no lost quotes");
    let (path, stderr) = export_sample(dir.path(), "laravel-env", "Jane Doe", &STARTTLS);
    assert!(stderr.contains("cannot insist on STARTTLS"), "{stderr}");
    let env = python_json(script, &[path.to_str().unwrap()]);
    assert_eq!(env["MAIL_SCHEME"], "smtp");
    assert_eq!(env["MAIL_ENCRYPTION"], "tls");
}

#[test]
fn django_settings_are_valid_python_with_the_exact_values() {
    let script = r#"
import ast, json, os, sys
source = open(sys.argv[1], encoding="utf-8").read()
ast.parse(source)
os.environ["EMAIL_HOST_PASSWORD"] = "from-the-environment"
names = {}
exec(compile(source, sys.argv[1], "exec"), names)
values = {k: v for k, v in names.items() if k.startswith(("EMAIL_", "DEFAULT_", "SERVER_"))}
assert not (values["EMAIL_USE_SSL"] and values["EMAIL_USE_TLS"]), "Django refuses both"
print(json.dumps(values))
"#;
    let dir = temp_dir("django");
    let (path, _) = export_sample(dir.path(), "django", TRICKY_NAME, &STARTTLS);
    let settings = python_json(script, &[path.to_str().unwrap()]);
    assert_eq!(settings["EMAIL_HOST"], "smtp.example.com");
    assert_eq!(settings["EMAIL_PORT"], 587);
    assert_eq!(settings["EMAIL_USE_TLS"], true);
    assert_eq!(settings["EMAIL_USE_SSL"], false);
    assert_eq!(settings["EMAIL_HOST_USER"], "jane@example.com");
    assert_eq!(settings["EMAIL_HOST_PASSWORD"], "from-the-environment");
    assert_eq!(settings["DEFAULT_FROM_EMAIL"], r#""O'Brien \"Jo\" \\ $HOME`id`; #1" <jane@example.com>"#);
    let (path, _) = export_sample(dir.path(), "django", "Jane Doe", &TLS);
    let settings = python_json(script, &[path.to_str().unwrap()]);
    assert_eq!((settings["EMAIL_USE_SSL"].clone(), settings["EMAIL_USE_TLS"].clone()), (json!(true), json!(false)));
}

#[test]
fn list_formats_prints_every_id_with_its_name_and_one_line() {
    let out = mailsetup_export(&["--list-formats"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for exporter in mailsetup::engine::export::all() {
        let line = text.lines().find(|l| l.trim_start().starts_with(&format!("{} ", exporter.id())));
        let line = line.unwrap_or_else(|| panic!("{} missing from --list-formats", exporter.id()));
        assert!(line.contains(&exporter.display_name(mailsetup::engine::i18n::Lang::En)), "{line}");
    }
    assert!(text.contains("Your mail program") && text.contains("Command line"));
}

#[test]
fn text_formats_go_to_stdout_and_binary_or_multi_file_formats_need_a_path() {
    let out = mailsetup_export(&["jane@example.com", "-f", "msmtp", TLS[0], TLS[1], TLS[2], TLS[3]]);
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout).unwrap().contains("host smtp.example.com\nport 465\ntls on\ntls_starttls off\n")
    );
    for format in ["thunderbird-qr", "evolution"] {
        let out = mailsetup_export(&["jane@example.com", "-f", format, TLS[0], TLS[1], TLS[2], TLS[3]]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains("-o"), "{format}: the error says what to do");
    }
}

#[test]
fn unknown_formats_and_unknown_domains_are_refused_with_exit_code_2() {
    let out = mailsetup_export(&["jane@example.com", "-f", "lotus-notes", TLS[0], TLS[1], TLS[2], TLS[3]]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--list-formats"));
    let out = mailsetup_export(&["jane@unknown-domain.example", "-f", "msmtp"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--imap"));
    let out = mailsetup_export(&["not-an-address", "-f", "msmtp"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_known_provider_is_exported_from_its_preset_without_server_flags() {
    let out = mailsetup_export(&["anna@yandex.ru", "-f", "thunderbird"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(r#"user_pref("mail.server.server1.hostname", "imap.yandex.ru");"#), "{text}");
    assert!(text.contains(r#"user_pref("mail.smtpserver.smtp1.try_ssl", 3);"#));
    assert!(text.contains(r#"user_pref("mail.smtpserver.smtp1.description", "Yandex Mail");"#));
}

#[test]
fn files_tools_insist_on_are_private_and_folders_are_created() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("modes");
    let (path, _) = export_sample(dir.path(), "msmtp", "Jane Doe", &TLS);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    // Writing over an existing, world-readable file makes it private too.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (path, _) = export_sample(dir.path(), "msmtp", "Jane Doe", &TLS);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    let (nested, _) = export_sample(&dir.path().join("not/yet/there"), "msmtp", "Jane Doe", &TLS);
    assert!(nested.is_file(), "missing folders are created for a single file");
    let (folder, _) = export_sample(dir.path(), "evolution", "Jane Doe", &TLS);
    let mut names: Vec<_> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "mailsetup-jane-example-com-identity.source",
            "mailsetup-jane-example-com-transport.source",
            "mailsetup-jane-example-com.source"
        ]
    );
}

#[test]
fn asking_for_the_password_in_a_format_that_cannot_carry_it_warns_and_leaves_it_out() {
    let dir = temp_dir("no-carry");
    let target = dir.path().join("user.js");
    let config = temp_dir("config");
    let out = common::run_mailsetup(
        config.path(),
        &[
            "export",
            "jane@example.com",
            "-f",
            "thunderbird",
            "-o",
            target.to_str().unwrap(),
            "--include-password",
            TLS[0],
            TLS[1],
            TLS[2],
            TLS[3],
        ],
        Some("Never-In-A-File-7"),
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("never carries the password"));
    assert!(!contains(&std::fs::read(&target).unwrap(), b"Never-In-A-File-7"));
}
