//! Secrets: passwords live only in the OS keyring (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows). This module names keyring entries — in one function, so
//! exported CLI configs can look up the same entry with `secret-tool` — and wraps the store
//! behind the `SecretStore` trait (an in-memory store exists for unit tests only).

use crate::engine::account::Server;

/// A password in memory. It has no `Display` and no `Serialize`, its `Debug` is redacted, and its
/// bytes are wiped when it is dropped, so it cannot end up in output, files or panics by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(zeroize::Zeroizing<String>);

impl Password {
    /// Wraps a password as typed or read (a trailing newline from stdin is removed).
    pub fn new(value: impl Into<String>) -> Self {
        let mut value: String = value.into();
        while value.ends_with('\n') || value.ends_with('\r') {
            value.pop();
        }
        Password(zeroize::Zeroizing::new(value))
    }

    /// The password itself, for the one call that sends it to a server or the keyring.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// The keyring service every mailsetup entry is filed under.
pub const KEYRING_SERVICE: &str = "mailsetup";

/// The keyring entry's user part for one server: the login plus the server, e.g.
/// `anna@yandex.ru@imap.yandex.ru:993`. Parse from the right: host names never contain `@`.
pub fn entry_user(server: &Server) -> String {
    format!("{}@{}:{}", server.username, server.host, server.port)
}

/// The shell command that prints this server's password from the Secret Service (Linux), as
/// used by the exported msmtp/mbsync/neomutt/… configs.
pub fn secret_tool_lookup_command(server: &Server) -> String {
    format!("secret-tool lookup service {KEYRING_SERVICE} username {}", shell_quote(&entry_user(server)))
}

/// Single-quotes a string for POSIX shells.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"@.:_-+/=".contains(&b)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::account::{Protocol, Security};

    #[test]
    fn entry_names_carry_login_and_server() {
        let s = Server::new(Protocol::Imap, "imap.yandex.ru", 993, Security::Tls, "anna@yandex.ru");
        assert_eq!(entry_user(&s), "anna@yandex.ru@imap.yandex.ru:993");
        assert_eq!(
            secret_tool_lookup_command(&s),
            "secret-tool lookup service mailsetup username anna@yandex.ru@imap.yandex.ru:993"
        );
    }

    #[test]
    fn passwords_never_show_in_debug_output() {
        let p = Password::new("hunter2\n");
        assert_eq!(p.expose(), "hunter2");
        assert_eq!(format!("{p:?}"), "Password(<redacted>)");
    }

    #[test]
    fn odd_usernames_are_quoted_for_the_shell() {
        assert_eq!(shell_quote("it's me"), r"'it'\''s me'");
        assert_eq!(shell_quote(""), "''");
    }
}
