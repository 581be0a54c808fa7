//! `engine::secrets::OsSecretStore` and `cli::account::load_account_for_cli` in-process against
//! the REAL Secret Service (gnome-keyring in the private D-Bus session of tests/run-all.sh).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod common;

use mailsetup::cli::GlobalArgs;
use mailsetup::cli::account::load_account_for_cli;
use mailsetup::engine::i18n::Lang;
use mailsetup::engine::secrets::{OsSecretStore, Password, SecretStore};
use std::process::Command;
use std::time::Instant;

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

#[test]
fn the_os_store_sets_gets_and_deletes_in_the_real_secret_service() {
    common::require_secret_service();
    let store = OsSecretStore::new();
    let user = "os-store@example.test@imap.example.test:993";
    let t = Instant::now();
    store.check_available().unwrap();
    let connect_ms = ms(t);
    assert_eq!(store.get(user).unwrap(), None);

    let t = Instant::now();
    store.set(user, &Password::new("Ünïcode-and spaces 'quoted'")).unwrap();
    let set_ms = ms(t);
    let looked_up = Command::new("secret-tool").args(["lookup", "service", "mailsetup", "username", user]).output();
    assert_eq!(String::from_utf8(looked_up.unwrap().stdout).unwrap(), "Ünïcode-and spaces 'quoted'");

    store.set(user, &Password::new("replaced")).unwrap();
    let t = Instant::now();
    assert_eq!(store.get(user).unwrap(), Some(Password::new("replaced")));
    let get_ms = ms(t);

    let t = Instant::now();
    assert!(store.delete(user).unwrap());
    let delete_ms = ms(t);
    assert!(!store.delete(user).unwrap(), "deleting twice is not an error");
    assert_eq!(store.get(user).unwrap(), None);
    eprintln!(
        "Secret Service: connect+probe {connect_ms:.1} ms, set {set_ms:.1} ms, get {get_ms:.1} ms, delete {delete_ms:.1} ms"
    );
}

#[test]
fn a_saved_account_and_its_keyring_password_load_for_check_and_export() {
    common::require_secret_service();
    let config = tempfile::tempdir().unwrap();
    let email = "load-for-cli@example.test";
    let out = Command::new(common::mailsetup_bin())
        .args(["account", "add", email, "--imap", "127.0.0.1:1993:tls", "--smtp", "127.0.0.1:1465:tls"])
        .args(["--password-stdin", "--no-check", "--config-dir"])
        .arg(config.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"Load-Me-42")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success());

    let global = GlobalArgs {
        lang: Some(Lang::En),
        ispdb_url: None,
        dns_server: None,
        ca_file: None,
        config_dir: Some(config.path().to_path_buf()),
        verbose: 0,
    };
    let (stored, password) = load_account_for_cli("load-for-cli@EXAMPLE.test", &global).expect("the saved account");
    assert_eq!(stored.account.incoming.port, 1993);
    assert_eq!(password, Some(Password::new("Load-Me-42")));
    assert!(load_account_for_cli("someone-else@example.test", &global).is_none());

    let store = OsSecretStore::new();
    for entry in &stored.keyring_entries {
        assert!(store.delete(&entry.user).unwrap());
    }
    let (_, password) = load_account_for_cli(email, &global).unwrap();
    assert_eq!(password, None, "no password once the keyring entries are gone");
}
