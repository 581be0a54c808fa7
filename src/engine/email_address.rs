//! `EmailAddress`: an address parsed once. The domain is kept in two forms: ASCII (punycode,
//! lower case) for the network and Unicode for people. The local part is kept as typed.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Longest address accepted (RFC 5321 path limit minus the angle brackets).
pub const MAX_ADDRESS_LEN: usize = 254;
/// Longest local part (RFC 5321 §4.5.3.1.1).
pub const MAX_LOCAL_LEN: usize = 64;

/// A syntactically valid email address.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EmailAddress {
    local: String,
    domain_ascii: String,
    domain_unicode: String,
}

/// Why a typed address is not usable. Each variant has a plain-language message in the
/// i18n files under `address-error-<id>` (see [`AddressError::id`]).
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum AddressError {
    #[error("the address is empty")]
    Empty,
    #[error("the address has no @ sign")]
    MissingAt,
    #[error("the address has more than one @ sign")]
    SeveralAt,
    #[error("there is nothing before the @ sign")]
    EmptyLocalPart,
    #[error("there is nothing after the @ sign")]
    EmptyDomain,
    #[error("the address contains a space")]
    ContainsSpace,
    #[error("the address is longer than {MAX_ADDRESS_LEN} characters")]
    TooLong,
    #[error("the part before the @ sign is longer than {MAX_LOCAL_LEN} characters")]
    LocalPartTooLong,
    #[error("the part before the @ sign contains {character:?}, which addresses cannot contain")]
    BadLocalCharacter { character: char },
    #[error("the part before the @ sign has a misplaced dot")]
    MisplacedDot,
    #[error("the domain {domain:?} has no dot (did you mean {domain}.com or {domain}.ru?)")]
    DomainWithoutDot { domain: String },
    #[error("the domain {domain:?} is not a valid domain name")]
    BadDomain { domain: String },
}

impl AddressError {
    /// Stable id of the error, used for the i18n key `address-error-<id>`.
    pub fn id(&self) -> &'static str {
        match self {
            AddressError::Empty => "empty",
            AddressError::MissingAt => "missing-at",
            AddressError::SeveralAt => "several-at",
            AddressError::EmptyLocalPart => "empty-local",
            AddressError::EmptyDomain => "empty-domain",
            AddressError::ContainsSpace => "space",
            AddressError::TooLong => "too-long",
            AddressError::LocalPartTooLong => "local-too-long",
            AddressError::BadLocalCharacter { .. } => "bad-local-character",
            AddressError::MisplacedDot => "misplaced-dot",
            AddressError::DomainWithoutDot { .. } => "domain-without-dot",
            AddressError::BadDomain { .. } => "bad-domain",
        }
    }
}

impl EmailAddress {
    /// Parses what a person typed: surrounding spaces and a trailing dot on the domain are
    /// dropped, the domain is case-folded and converted to punycode for the network.
    pub fn parse(input: &str) -> Result<Self, AddressError> {
        let input = input.trim().trim_start_matches("mailto:");
        if input.is_empty() {
            return Err(AddressError::Empty);
        }
        if input.chars().any(char::is_whitespace) {
            return Err(AddressError::ContainsSpace);
        }
        if input.chars().count() > MAX_ADDRESS_LEN {
            return Err(AddressError::TooLong);
        }
        let (local, domain) = match input.split_once('@') {
            None => return Err(AddressError::MissingAt),
            Some((_, d)) if d.contains('@') => return Err(AddressError::SeveralAt),
            Some(parts) => parts,
        };
        if local.is_empty() {
            return Err(AddressError::EmptyLocalPart);
        }
        let domain = domain.trim_end_matches('.');
        if domain.is_empty() {
            return Err(AddressError::EmptyDomain);
        }
        check_local_part(local)?;
        let domain_ascii =
            domain_to_ascii(domain).map_err(|_| AddressError::BadDomain { domain: domain.to_string() })?;
        if !domain_ascii.contains('.') {
            return Err(AddressError::DomainWithoutDot { domain: domain.to_lowercase() });
        }
        let (domain_unicode, result) = idna::domain_to_unicode(&domain_ascii);
        let domain_unicode = if result.is_ok() { domain_unicode } else { domain_ascii.clone() };
        let address = EmailAddress { local: local.to_string(), domain_ascii, domain_unicode };
        if address.to_ascii_string().len() > MAX_ADDRESS_LEN {
            return Err(AddressError::TooLong);
        }
        Ok(address)
    }

    /// The part before the @, as typed.
    pub fn local_part(&self) -> &str {
        &self.local
    }

    /// The domain for the network: lower case, IDN in punycode (`xn--…`).
    pub fn domain(&self) -> &str {
        &self.domain_ascii
    }

    /// The domain for people: IDN in Unicode (`почта.рф`).
    pub fn domain_unicode(&self) -> &str {
        &self.domain_unicode
    }

    /// True when the local part is plain ASCII (some export formats cannot carry anything else).
    pub fn local_part_is_ascii(&self) -> bool {
        self.local.is_ascii()
    }

    /// True when the domain is an internationalized (non-ASCII) name.
    pub fn has_idn_domain(&self) -> bool {
        self.domain_ascii != self.domain_unicode
    }

    /// `local@domain` with the domain in punycode: what goes over the wire as a login or address.
    pub fn to_ascii_string(&self) -> String {
        format!("{}@{}", self.local, self.domain_ascii)
    }

    /// `local@domain` with the domain in Unicode: what people read.
    pub fn to_display_string(&self) -> String {
        format!("{}@{}", self.local, self.domain_unicode)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local, self.domain_unicode)
    }
}

impl FromStr for EmailAddress {
    type Err = AddressError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EmailAddress::parse(s)
    }
}

impl Serialize for EmailAddress {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_display_string())
    }
}

impl<'de> Deserialize<'de> for EmailAddress {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        EmailAddress::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Characters RFC 5322 allows in an unquoted local part, besides letters and digits.
/// Non-ASCII letters are allowed too (RFC 6531).
const LOCAL_SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~.";

fn is_local_part_char(c: char) -> bool {
    let allowed_ascii = c.is_ascii_alphanumeric() || LOCAL_SPECIALS.contains(c);
    let allowed_unicode = !c.is_ascii() && !c.is_control() && !c.is_whitespace();
    allowed_ascii || allowed_unicode
}

fn check_local_part(local: &str) -> Result<(), AddressError> {
    if local.len() > MAX_LOCAL_LEN {
        return Err(AddressError::LocalPartTooLong);
    }
    if let Some(character) = local.chars().find(|&c| !is_local_part_char(c)) {
        return Err(AddressError::BadLocalCharacter { character });
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(AddressError::MisplacedDot);
    }
    Ok(())
}

/// A name that is not a usable DNS host or domain name.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("{name:?} is not a valid host or domain name")]
pub struct InvalidDomain {
    pub name: String,
}

/// Converts a host or domain name to its ASCII form (UTS #46: lower case, IDN → punycode) and
/// checks it is a plausible DNS name: labels of letters, digits and hyphens, 1–63 bytes each,
/// 253 bytes in all. IP addresses are returned unchanged.
pub fn domain_to_ascii(name: &str) -> Result<String, InvalidDomain> {
    let name = name.trim().trim_end_matches('.');
    if name.parse::<std::net::IpAddr>().is_ok() {
        return Ok(name.to_string());
    }
    let invalid = || InvalidDomain { name: name.to_string() };
    let ascii = idna::domain_to_ascii_strict(name).map_err(|_| invalid())?;
    let labels_ok = !ascii.is_empty()
        && ascii.len() <= 253
        && ascii.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if labels_ok { Ok(ascii) } else { Err(invalid()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<EmailAddress, AddressError> {
        EmailAddress::parse(s)
    }

    #[test]
    fn plain_address_is_trimmed_and_domain_case_folded() {
        let a = parse("  Anna.Petrova@Yandex.RU  ").unwrap();
        assert_eq!(a.local_part(), "Anna.Petrova");
        assert_eq!(a.domain(), "yandex.ru");
        assert_eq!(a.to_ascii_string(), "Anna.Petrova@yandex.ru");
        assert!(!a.has_idn_domain());
    }

    #[test]
    fn idn_domain_goes_to_punycode_for_the_network_and_stays_readable() {
        let a = parse("ivan@Почта.РФ").unwrap();
        assert_eq!(a.domain(), "xn--80a1acny.xn--p1ai");
        assert_eq!(a.domain_unicode(), "почта.рф");
        assert_eq!(a.to_string(), "ivan@почта.рф");
        assert_eq!(a.to_ascii_string(), "ivan@xn--80a1acny.xn--p1ai");
        assert!(a.has_idn_domain());
    }

    #[test]
    fn cyrillic_local_part_is_accepted_but_flagged() {
        let a = parse("иван@почта.рф").unwrap();
        assert!(!a.local_part_is_ascii());
    }

    #[test]
    fn punycode_input_is_shown_in_unicode() {
        let a = parse("ivan@xn--80a1acny.xn--p1ai").unwrap();
        assert_eq!(a.domain_unicode(), "почта.рф");
    }

    #[test]
    fn trailing_dot_and_mailto_are_forgiven() {
        assert_eq!(parse("mailto:a@gmail.com.").unwrap().domain(), "gmail.com");
    }

    #[test]
    fn malformed_input_gets_a_specific_error() {
        assert_eq!(parse(""), Err(AddressError::Empty));
        assert_eq!(parse("   "), Err(AddressError::Empty));
        assert_eq!(parse("anna.yandex.ru"), Err(AddressError::MissingAt));
        assert_eq!(parse("a@b@c.ru"), Err(AddressError::SeveralAt));
        assert_eq!(parse("@yandex.ru"), Err(AddressError::EmptyLocalPart));
        assert_eq!(parse("anna@"), Err(AddressError::EmptyDomain));
        assert_eq!(parse("an na@yandex.ru"), Err(AddressError::ContainsSpace));
        assert_eq!(parse("anna@gmail"), Err(AddressError::DomainWithoutDot { domain: "gmail".into() }));
        assert_eq!(parse(".anna@mail.ru"), Err(AddressError::MisplacedDot));
        assert_eq!(parse("an..na@mail.ru"), Err(AddressError::MisplacedDot));
        assert_eq!(parse("an(na@mail.ru"), Err(AddressError::BadLocalCharacter { character: '(' }));
        assert!(matches!(parse("anna@yandex,ru"), Err(AddressError::BadDomain { .. })));
        assert!(matches!(parse("anna@-yandex.ru"), Err(AddressError::BadDomain { .. })));
        assert!(matches!(parse("anna@[127.0.0.1]"), Err(AddressError::BadDomain { .. })));
    }

    #[test]
    fn over_long_input_is_refused() {
        let long_local = "a".repeat(65);
        assert_eq!(parse(&format!("{long_local}@mail.ru")), Err(AddressError::LocalPartTooLong));
        let long_domain = format!("{}.ru", "d".repeat(60)).repeat(5);
        assert_eq!(parse(&format!("a@{long_domain}")), Err(AddressError::TooLong));
        let huge = "x".repeat(100_000);
        assert!(parse(&huge).is_err());
    }

    #[test]
    fn every_error_has_a_distinct_id() {
        let all = [
            AddressError::Empty,
            AddressError::MissingAt,
            AddressError::SeveralAt,
            AddressError::EmptyLocalPart,
            AddressError::EmptyDomain,
            AddressError::ContainsSpace,
            AddressError::TooLong,
            AddressError::LocalPartTooLong,
            AddressError::BadLocalCharacter { character: '(' },
            AddressError::MisplacedDot,
            AddressError::DomainWithoutDot { domain: String::new() },
            AddressError::BadDomain { domain: String::new() },
        ];
        let ids: std::collections::HashSet<_> = all.iter().map(AddressError::id).collect();
        assert_eq!(ids.len(), all.len());
    }

    #[test]
    fn host_names_are_checked_label_by_label() {
        assert_eq!(domain_to_ascii("IMAP.Mail.RU.").unwrap(), "imap.mail.ru");
        assert_eq!(domain_to_ascii("127.0.0.1").unwrap(), "127.0.0.1");
        assert!(domain_to_ascii("under_score.ru").is_err());
        assert!(domain_to_ascii("a..b").is_err());
        assert!(domain_to_ascii(&"x".repeat(64)).is_err());
    }

    #[test]
    fn serde_round_trips_through_the_display_form() {
        let a = parse("ivan@почта.рф").unwrap();
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, "\"ivan@почта.рф\"");
        assert_eq!(serde_json::from_str::<EmailAddress>(&json).unwrap(), a);
    }
}
