//! A throw-away home for CLI tests of saved accounts: its own config/data/cache dirs (so nothing
//! the app writes can hide outside it), a way to run `mailsetup` there with or without the
//! session bus (and so the real Secret Service), and the helpers that look into the keyring and
//! sweep files for a password.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// How a spawned `mailsetup` reaches (or does not reach) the keyring.
#[derive(Clone, Copy, PartialEq)]
pub enum Bus {
    /// The session bus of the test run (with the real gnome-keyring).
    Session,
    /// No session bus at all: `DBUS_SESSION_BUS_ADDRESS` points nowhere.
    Nowhere,
}

/// A throw-away home for one test: config/data/cache dirs of its own, so nothing the app writes
/// can hide outside `root`.
pub struct Sandbox {
    pub root: tempfile::TempDir,
    pub lang: &'static str,
    pub bus: Bus,
    pub use_config_dir_flag: bool,
}

impl Sandbox {
    pub fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        for d in ["home", "config", "data", "cache", "runtime"] {
            std::fs::create_dir_all(root.path().join(d)).unwrap();
        }
        set_mode_0700(&root.path().join("runtime"));
        Sandbox { root, lang: "en", bus: Bus::Session, use_config_dir_flag: true }
    }

    /// Where the accounts file goes: `--config-dir`, or the XDG default under `config/`.
    pub fn config_dir(&self) -> PathBuf {
        if self.use_config_dir_flag {
            self.root.path().join("accounts-dir")
        } else {
            self.root.path().join("config/mailsetup")
        }
    }

    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let root = self.root.path();
        let mut command = Command::new(env!("CARGO_BIN_EXE_mailsetup"));
        command
            .args(args)
            .env("HOME", root.join("home"))
            .env("XDG_CONFIG_HOME", root.join("config"))
            .env("XDG_DATA_HOME", root.join("data"))
            .env("XDG_CACHE_HOME", root.join("cache"))
            .env("MAILSETUP_LANG", self.lang)
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if self.use_config_dir_flag {
            command.env("MAILSETUP_CONFIG_DIR", self.config_dir());
        } else {
            command.env_remove("MAILSETUP_CONFIG_DIR");
        }
        if self.bus == Bus::Nowhere {
            command
                .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
                .env("XDG_RUNTIME_DIR", root.join("runtime"));
        }
        let mut child = command.spawn().expect("start mailsetup");
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        }
        drop(child.stdin.take());
        child.wait_with_output().unwrap()
    }
}

impl Sandbox {
    /// Runs `mailsetup ARGS` like [`Sandbox::run`] and insists on the exit code, showing the
    /// arguments and everything it printed when the code is another.
    pub fn expect(&self, expected: i32, args: &[&str], stdin: Option<&str>) -> Output {
        let out = self.run(args, stdin);
        assert_eq!(code(&out), expected, "{args:?}:\n{}", text(&out));
        out
    }
}

pub fn set_mode_0700(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).unwrap();
}

pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

pub fn code(output: &Output) -> i32 {
    output.status.code().expect("mailsetup was killed")
}

pub fn show_json(sandbox: &Sandbox, email: &str) -> serde_json::Value {
    let out = sandbox.run(&["account", "show", email, "--json"], None);
    assert_eq!(code(&out), 0, "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `secret-tool lookup service mailsetup username USER`: the password, or `None` (exit 1).
pub fn secret_tool_lookup(entry_user: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "mailsetup", "username", entry_user])
        .output()
        .expect("run secret-tool (Debian package libsecret-tools)");
    out.status.success().then(|| String::from_utf8(out.stdout).unwrap())
}

/// Every file under `dir`, at any depth.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { stack.push(path) } else { files.push(path) }
        }
    }
    files
}

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let contains = |path: &PathBuf| {
        std::fs::read(path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
    };
    files_under(dir).into_iter().filter(contains).collect()
}

/// How many files there are under `dir`.
pub fn file_count(dir: &Path) -> usize {
    files_under(dir).len()
}
