//! `mailsetup account …` against a REAL Secret Service (gnome-keyring in the private D-Bus session
//! that tests/run-all.sh provides), against no Secret Service at all, and against a locked one;
//! plus the accounts file's handling of damaged and newer files, seen through the CLI.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod common;
mod sandbox;

use sandbox::{Bus, Sandbox, code, file_count, files_containing, secret_tool_lookup, show_json, text};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

#[test]
fn a_saved_password_is_set_read_by_secret_tool_cleared_and_removed_in_the_real_keyring() {
    common::require_secret_service();
    let sandbox = Sandbox::new();
    let email = "keyring-cycle@example.test";
    let imap_entry = format!("{email}@127.0.0.1:1993");
    let smtp_entry = format!("{email}@127.0.0.1:1465");
    let add = [
        "account",
        "add",
        email,
        "--name",
        "Key Ring",
        "--imap",
        "127.0.0.1:1993:tls",
        "--smtp",
        "127.0.0.1:1465:tls",
        "--password-stdin",
        "--no-check",
    ];
    let out = sandbox.expect(0, &add, Some("First-Pässword-1\n"));
    assert!(text(&out).contains("The password is kept in the system keyring"), "{}", text(&out));
    assert_eq!(secret_tool_lookup(&imap_entry).as_deref(), Some("First-Pässword-1"));
    assert_eq!(secret_tool_lookup(&smtp_entry).as_deref(), Some("First-Pässword-1"));

    sandbox.expect(0, &["account", "password", email, "--clear"], None);
    assert_eq!(secret_tool_lookup(&imap_entry), None);
    assert_eq!(show_json(&sandbox, email)["keyring_entries"][0]["password"], "missing");

    sandbox.expect(0, &["account", "password", email, "--set"], Some("Second-Password-2"));
    assert_eq!(secret_tool_lookup(&smtp_entry).as_deref(), Some("Second-Password-2"));
    assert_eq!(show_json(&sandbox, email)["keyring_entries"][1]["password"], "stored");

    let out = sandbox.expect(0, &["account", "remove", email], None);
    assert!(text(&out).contains("Its password was deleted from the system keyring"), "{}", text(&out));
    assert_eq!(secret_tool_lookup(&imap_entry), None);
    assert_eq!(secret_tool_lookup(&smtp_entry), None);
    sandbox.expect(2, &["account", "show", email], None);
}

#[test]
fn an_entry_written_by_hand_with_secret_tool_is_replaced_not_duplicated() {
    common::require_secret_service();
    let sandbox = Sandbox::new();
    let email = "by-hand@example.test";
    let entry = format!("{email}@127.0.0.1:1993");
    // Two items that both match {service, username} (an extra attribute keeps secret-tool from
    // replacing the first with the second): the app sees them as ambiguous.
    for label in ["one", "two"] {
        let mut child = Command::new("secret-tool")
            .args(["store", "--label", label, "service", "mailsetup", "username", &entry, "made-by", label])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"old-by-hand").unwrap();
        assert!(child.wait().unwrap().success());
    }
    let items_before =
        Command::new("secret-tool").args(["search", "--all", "service", "mailsetup", "username", &entry]).output();
    assert_eq!(text(&items_before.unwrap()).matches(&format!("attribute.username = {entry}")).count(), 2);
    let add = ["account", "add", email, "--imap", "127.0.0.1:1993:tls", "--smtp", "127.0.0.1:1465:tls"];
    sandbox.expect(0, &[&add[..], &["--password-stdin", "--no-check"]].concat(), Some("New-Password"));
    assert_eq!(secret_tool_lookup(&entry).as_deref(), Some("New-Password"));
    let items = || {
        let out =
            Command::new("secret-tool").args(["search", "--all", "service", "mailsetup", "username", &entry]).output();
        text(&out.unwrap()).matches(&format!("attribute.username = {entry}")).count()
    };
    assert_eq!(items(), 1, "the two hand-made items were replaced by one");
    let remove = sandbox.run(&["account", "remove", email], None);
    assert_eq!(code(&remove), 0, "{}", text(&remove));
    assert_eq!(secret_tool_lookup(&entry), None, "no second item left behind");
}

#[test]
fn no_secret_service_means_exit_5_a_clear_message_and_the_account_saved_without_password() {
    let password = "NoBus-Canary-9c1e-Пароль";
    for (lang, expected) in [
        ("en", "There is no system keyring to keep the password in"),
        ("ru", "Негде сохранить пароль: системное хранилище паролей не запущено"),
    ] {
        let mut sandbox = Sandbox::new();
        sandbox.bus = Bus::Nowhere;
        sandbox.lang = lang;
        sandbox.use_config_dir_flag = false; // the XDG default dir, to prove it too stays clean
        let email = format!("nobus-{lang}@example.test");
        let add = [
            "account",
            "add",
            &email,
            "--imap",
            "127.0.0.1:1993:tls",
            "--smtp",
            "127.0.0.1:1465:starttls",
            "--password-stdin",
            "--no-check",
        ];
        let out = sandbox.expect(5, &add, Some(password));
        let all = text(&out);
        assert!(all.contains(expected), "{lang}: {all}");
        assert!(all.contains(&format!("mailsetup account password {email} --set")), "{all}");
        assert!(!all.contains(password));

        let saved = show_json(&sandbox, &email);
        assert_eq!(saved["outgoing"]["security"], "starttls");
        for entry in saved["keyring_entries"].as_array().unwrap() {
            assert_eq!(entry["password"], "missing", "{saved}");
        }
        assert!(sandbox.config_dir().join("accounts.json").is_file(), "the XDG config dir was used");

        let out = sandbox.expect(5, &["account", "password", &email, "--set"], Some(password));
        assert!(text(&out).contains(expected));

        // An account that never got its password can still be removed without a keyring.
        sandbox.expect(0, &["account", "remove", &email], None);

        assert!(file_count(sandbox.root.path()) > 0);
        assert_eq!(files_containing(sandbox.root.path(), password), Vec::<PathBuf>::new());
    }
}

#[test]
fn a_locked_keyring_that_cannot_prompt_is_reported_as_locked() {
    let sandbox = Sandbox::new();
    let root = sandbox.root.path();
    // A private session bus with a gnome-keyring that was started but never unlocked, and no
    // display for an unlock prompt: writes fail with NoStorageAccess.
    let script = r#"
        gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1 || { echo "gnome-keyring-daemon failed" >&2; exit 97; }
        for i in $(seq 50); do
          dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
          sleep 0.1
        done
        printf '%s' Locked-Canary-55 | timeout 60 "$@"
    "#;
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script, "sh"])
        .arg(common::mailsetup_bin())
        .args(["account", "add", "locked@example.test", "--imap", "127.0.0.1:1993:tls", "--smtp", "127.0.0.1:1465:tls"])
        .args(["--password-stdin", "--no-check"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap())
        .env("HOME", root.join("home"))
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_RUNTIME_DIR", root.join("runtime"))
        .env("MAILSETUP_CONFIG_DIR", sandbox.config_dir())
        .env("MAILSETUP_LANG", "en")
        .output()
        .expect("run dbus-run-session (Debian packages dbus and gnome-keyring)");
    let all = text(&out);
    assert_eq!(code(&out), 5, "{all}");
    assert!(all.contains("The system keyring is locked"), "{all}");
    assert!(all.contains("The account was saved without its password"), "{all}");
    assert_eq!(files_containing(root, "Locked-Canary-55"), Vec::<PathBuf>::new());
}

#[test]
fn a_known_password_never_reaches_files_logs_or_output() {
    common::require_secret_service();
    let mut sandbox = Sandbox::new();
    sandbox.use_config_dir_flag = false;
    let password = "Leak-Canary-7f3a9-Пароль";
    let email = "leak-canary@example.test";
    let entry = format!("{email}@127.0.0.1:1993");
    let mut outputs = String::new();
    let mut run = |args: &[&str], stdin: Option<&str>, expect: i32| {
        let out = sandbox.run(&[&["-vv"], args].concat(), stdin);
        outputs.push_str(&text(&out));
        assert_eq!(code(&out), expect, "{args:?}: {}", text(&out));
    };
    let add = [
        "account",
        "add",
        email,
        "--imap",
        "127.0.0.1:1993:tls",
        "--smtp",
        "127.0.0.1:1465:tls",
        "--password-stdin",
        "--no-check",
    ];
    for _ in 0..2 {
        run(&add, Some(password), 0);
        assert_eq!(secret_tool_lookup(&entry).as_deref(), Some(password), "the canary really went to the keyring");
        run(&["account", "list"], None, 0);
        run(&["account", "list", "--json"], None, 0);
        run(&["account", "show", email], None, 0);
        run(&["account", "show", email, "--json"], None, 0);
        run(&["account", "password", email, "--clear"], None, 0);
        run(&["account", "password", email, "--set"], Some(password), 0);
        run(
            &["account", "add", email, "--no-check", "--imap", "127.0.0.1:2993:tls", "--smtp", "127.0.0.1:1465:tls"],
            None,
            0,
        );
        run(&["account", "remove", email], None, 0);
        assert_eq!(secret_tool_lookup(&entry), None);
    }
    assert!(outputs.contains(email), "the output was captured");
    assert!(!outputs.contains(password), "the password appeared in the output");
    assert!(file_count(sandbox.root.path()) > 0);
    assert_eq!(files_containing(sandbox.root.path(), password), Vec::<PathBuf>::new());
}

#[test]
fn add_with_no_check_against_the_local_mail_server_saves_its_settings_and_the_keyring_password() {
    common::require_secret_service();
    let server = common::mail_server();
    let sandbox = Sandbox::new();
    let email = "saver@example.test";
    let password = server.password(email);
    let imap = format!("127.0.0.1:{}:tls", server.imaps_port);
    let smtp = format!("127.0.0.1:{}:starttls", server.submission_port);
    sandbox.expect(
        0,
        &["account", "add", email, "--imap", &imap, "--smtp", &smtp, "--password-stdin", "--no-check"],
        Some(&password),
    );
    let saved = show_json(&sandbox, email);
    assert_eq!(saved["incoming"]["port"], server.imaps_port);
    assert_eq!(saved["incoming"]["security"], "tls");
    assert_eq!(saved["outgoing"]["port"], server.submission_port);
    assert_eq!(saved["outgoing"]["security"], "starttls");
    assert_eq!(saved["source"], "manual");
    let entry = saved["keyring_entries"][0]["user"].as_str().unwrap().to_string();
    let from_keyring = secret_tool_lookup(&entry).expect("secret-tool finds the entry the app wrote");
    assert_eq!(from_keyring, password);

    // The password the app stored logs in to the real Dovecot (curl reads it from stdin, so it
    // is on no command line).
    let mut curl = Command::new("curl")
        .args(["--silent", "--show-error", "--max-time", "10", "--cacert"])
        .arg(&server.ca_file)
        .args(["-K", "-", &format!("imaps://127.0.0.1:{}/INBOX", server.imaps_port), "-X", "NOOP"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run curl");
    writeln!(curl.stdin.take().unwrap(), "user = \"{email}:{from_keyring}\"").unwrap();
    let login = curl.wait_with_output().unwrap();
    assert!(login.status.success(), "Dovecot refused the keyring password: {}", String::from_utf8_lossy(&login.stderr));

    sandbox.expect(0, &["account", "remove", email], None);
    assert_eq!(secret_tool_lookup(&entry), None);
}

#[test]
fn add_without_a_password_still_checks_the_servers_and_a_failure_saves_nothing() {
    let mut sandbox = Sandbox::new();
    sandbox.bus = Bus::Nowhere;
    // The preset's servers cannot be resolved through a DNS server that is not there.
    let out =
        sandbox.expect(4, &["--dns-server", "127.0.0.1:9", "account", "add", "anna@yandex.ru", "--timeout", "4"], None);
    let all = text(&out);
    assert!(all.contains("Using the bundled settings for Yandex Mail"), "{all}");
    assert!(all.contains("No password given: the login was not tested"), "{all}");
    assert!(all.contains("✗ IMAP  Find the server"), "{all}");
    assert!(all.contains("nothing was saved"), "{all}");
    assert!(!sandbox.config_dir().join("accounts.json").exists(), "nothing was saved");
}

#[test]
fn bad_input_exits_2_with_a_plain_message() {
    let mut sandbox = Sandbox::new();
    sandbox.bus = Bus::Nowhere;
    let cases: [(&[&str], Option<&str>, &str); 6] = [
        (&["account", "add", "anna.yandex.ru", "--no-check"], None, "An email address has an @ sign"),
        (
            // Detection finds nothing (no DNS server and no ISPDB answer there): say what to give.
            &[
                "--dns-server",
                "127.0.0.1:9",
                "--ispdb-url",
                "http://127.0.0.1:9/",
                "account",
                "add",
                "anna@nowhere-known.test",
                "--no-check",
            ],
            None,
            "--imap imap.nowhere-known.test:993:tls",
        ),
        (&["account", "add", "a@example.test", "--imap", "h:1:tls", "--pop3", "h:2:tls", "--no-check"], None, "--pop3"),
        (
            &["account", "add", "a@example.test", "--imap", "h:993:ssl3", "--smtp", "h:465:tls", "--no-check"],
            None,
            "ssl3",
        ),
        (&["account", "show", "nobody@example.test"], None, "There is no saved account nobody@example.test"),
        (
            &[
                "account",
                "add",
                "a@example.test",
                "--imap",
                "h:993:tls",
                "--smtp",
                "h:465:tls",
                "--password-stdin",
                "--no-check",
            ],
            Some("\n"),
            "The password is empty",
        ),
    ];
    for (args, stdin, expected) in cases {
        let out = sandbox.run(args, stdin);
        assert_eq!(code(&out), 2, "{args:?}: {}", text(&out));
        assert!(text(&out).contains(expected), "{args:?}: {}", text(&out));
    }
    sandbox.lang = "ru";
    let out = sandbox.expect(2, &["account", "remove", "nobody@example.test"], None);
    assert!(text(&out).contains("Учётной записи nobody@example.test среди сохранённых нет"), "{}", text(&out));
}

#[test]
fn a_damaged_accounts_file_is_kept_aside_reported_and_the_app_keeps_working() {
    for (lang, expected) in [("en", "was damaged and could not be read"), ("ru", "повреждён и не читается")]
    {
        let mut sandbox = Sandbox::new();
        sandbox.bus = Bus::Nowhere;
        sandbox.lang = lang;
        let dir = sandbox.config_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let garbage = b"{\"version\":1,\"accounts\":[{\"email\":\"anna@exa";
        std::fs::write(dir.join("accounts.json"), garbage).unwrap();

        let out = sandbox.expect(0, &["account", "list", "--json"], None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{stderr}");
        let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(listed["accounts"], serde_json::json!([]));
        let backups: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("accounts.json.corrupt-"))
            .collect();
        assert_eq!(backups.len(), 1, "{backups:?}");
        assert!(stderr.contains(&*backups[0].to_string_lossy()), "the message names the backup: {stderr}");
        assert_eq!(std::fs::read(&backups[0]).unwrap(), garbage);

        sandbox.expect(0, &["account", "add", "anna@yandex.ru", "--no-check"], None);
        let out = sandbox.run(&["account", "list"], None);
        assert!(String::from_utf8_lossy(&out.stdout).contains("anna@yandex.ru"));
        assert!(out.stderr.is_empty(), "reported once: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn an_accounts_file_from_a_newer_version_is_kept_aside_and_a_fresh_one_started() {
    for (lang, expected) in
        [("en", "written by a newer version of Mail Setup (format 2)"), ("ru", "более новой версией")]
    {
        let mut sandbox = Sandbox::new();
        sandbox.bus = Bus::Nowhere;
        sandbox.lang = lang;
        let dir = sandbox.config_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let future = br#"{"version":2,"accounts":[{"email":"anna@yandex.ru","hologram":true}]}"#;
        std::fs::write(dir.join("accounts.json"), future).unwrap();

        let out = sandbox.expect(0, &["account", "add", "bob@yandex.ru", "--no-check"], None);
        assert!(text(&out).contains(expected), "{}", text(&out));
        let backup = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("accounts.json.future-v2-"))
            .expect("a backup of the newer file");
        assert_eq!(std::fs::read(&backup).unwrap(), future, "kept untouched");
        let saved: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("accounts.json")).unwrap()).unwrap();
        assert_eq!(saved["version"], 1);
        assert_eq!(saved["accounts"][0]["email"], "bob@yandex.ru");
    }
}

#[test]
fn export_asks_no_keyring_and_one_server_flag_keeps_the_other_saved_server() {
    let mut sandbox = Sandbox::new();
    sandbox.bus = Bus::Nowhere;
    let email = "export-flags@example.test";
    let add = [
        "account",
        "add",
        email,
        "--name",
        "Flag Test",
        "--imap",
        "imap.example.test:993:tls",
        "--smtp",
        "smtp.example.test:465:tls",
        "--no-check",
    ];
    sandbox.expect(0, &add, None);

    // Exporting without --include-password needs no password, so the (missing) keyring is not asked.
    let out = sandbox.expect(0, &["export", email, "-f", "card-txt"], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.trim().is_empty(), "a plain export says nothing about the keyring: {stderr}");

    // --smtp replaces the saved SMTP server; IMAP and the name still come from the saved account.
    let out = sandbox.expect(0, &["export", email, "-f", "card-txt", "--smtp", "127.0.0.1:587:starttls"], None);
    let card = String::from_utf8_lossy(&out.stdout);
    for expected in ["imap.example.test", "127.0.0.1", "587", "STARTTLS", "Flag Test"] {
        assert!(card.contains(expected), "no {expected:?} in the card:\n{card}");
    }
    assert!(!card.contains("smtp.example.test"), "the flag replaces the saved SMTP server:\n{card}");
}

#[test]
fn an_empty_seam_variable_counts_as_unset() {
    let sandbox = Sandbox::new();
    let out = Command::new(env!("CARGO_BIN_EXE_mailsetup"))
        .args(["detect", "anna@yandex.ru", "--offline", "--json"])
        .env("MAILSETUP_CONFIG_DIR", sandbox.config_dir())
        .env("MAILSETUP_DNS_SERVER", "")
        .env("MAILSETUP_CA_FILE", "")
        .env("MAILSETUP_ISPDB_URL", "")
        .env("MAILSETUP_LANG", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found["provider"]["id"], "yandex");
    // A value that is there but wrong is still an error a script hears about.
    let out = Command::new(env!("CARGO_BIN_EXE_mailsetup"))
        .args(["detect", "anna@yandex.ru", "--offline"])
        .env("MAILSETUP_CONFIG_DIR", sandbox.config_dir())
        .env("MAILSETUP_DNS_SERVER", "not-an-address")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
