//! The test message a check sends from the account to itself: a localized subject and body that
//! say what it is and that it can be deleted, a unique Message-ID (the IMAP confirm step searches
//! for it), a marker header `X-Mailsetup-Test: <id>` and the date. Built with lettre.

use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::{Lang, tr, tr_args};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};

/// The marker header every test message carries (its value is the test id).
pub const MARKER_HEADER: &str = "X-Mailsetup-Test";

/// A built test message, ready to be sent.
#[derive(Clone, Debug)]
pub struct TestMessage {
    /// The unique id of this test (a UUID), also the marker header's value.
    pub test_id: String,
    /// The Message-ID without angle brackets.
    pub message_id: String,
    /// Sender and recipient (the same address, ASCII form).
    pub address: String,
    /// The localized subject.
    pub subject: String,
    /// The whole message in wire format (CRLF line endings).
    pub bytes: Vec<u8>,
}

/// Why a test message could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TestMessageError {
    #[error("the address {address} cannot be used as a sender: {detail}")]
    Address { address: String, detail: String },
    #[error("cannot build the test message: {detail}")]
    Build { detail: String },
}

/// Builds the test message from `email` to itself in `lang`.
pub fn build(email: &EmailAddress, lang: Lang) -> Result<TestMessage, TestMessageError> {
    let address = email.to_ascii_string();
    let mailbox: Mailbox = address.parse().map_err(|e: lettre::address::AddressError| TestMessageError::Address {
        address: address.clone(),
        detail: e.to_string(),
    })?;
    let test_id = uuid::Uuid::new_v4().to_string();
    let message_id = format!("mailsetup-test.{test_id}@{}", email.domain());
    let subject = tr(lang, "test-message-subject");
    let body = tr_args(lang, "test-message-body", &[("address", email.to_display_string().into())]);
    let message = Message::builder()
        .from(mailbox.clone())
        .to(mailbox)
        .subject(subject.clone())
        .date_now()
        .message_id(Some(format!("<{message_id}>")))
        .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str(MARKER_HEADER), test_id.clone()))
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| TestMessageError::Build { detail: e.to_string() })?;
    Ok(TestMessage { test_id, message_id, address, subject, bytes: message.formatted() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(message: &TestMessage) -> String {
        String::from_utf8(message.bytes.clone()).unwrap()
    }

    #[test]
    fn test_message_goes_from_the_account_to_itself_with_id_marker_and_date() {
        let email = EmailAddress::parse("anna@yandex.ru").unwrap();
        let message = build(&email, Lang::En).unwrap();
        let wire = text(&message);
        assert!(wire.contains("From: anna@yandex.ru\r\n"), "{wire}");
        assert!(wire.contains("To: anna@yandex.ru\r\n"), "{wire}");
        assert!(wire.contains(&format!("Message-ID: <{}>\r\n", message.message_id)), "{wire}");
        assert!(wire.contains(&format!("X-Mailsetup-Test: {}\r\n", message.test_id)), "{wire}");
        assert!(wire.contains("\r\nDate: "), "{wire}");
        assert!(message.message_id.ends_with("@yandex.ru"));
        assert!(message.subject.contains("Mail Setup"), "{}", message.subject);
    }

    #[test]
    fn every_test_message_has_its_own_message_id() {
        let email = EmailAddress::parse("anna@yandex.ru").unwrap();
        assert_ne!(build(&email, Lang::En).unwrap().message_id, build(&email, Lang::En).unwrap().message_id);
    }

    #[test]
    fn russian_test_message_is_encoded_for_the_wire_and_says_it_can_be_deleted() {
        let email = EmailAddress::parse("anna@yandex.ru").unwrap();
        let message = build(&email, Lang::Ru).unwrap();
        assert!(message.bytes.is_ascii(), "the message must be 7-bit safe for any server");
        assert!(text(&message).contains("Subject: =?utf-8?"), "{}", text(&message));
        assert!(message.subject.contains("Настройка почты"), "{}", message.subject);
        let body = tr_args(Lang::Ru, "test-message-body", &[("address", "anna@yandex.ru".into())]);
        assert!(body.contains("удалить"), "{body}");
    }
}
