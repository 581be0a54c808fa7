//! Source **autoconfig**: the provider's own clientConfig file over https, at
//! `https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=<address>` and
//! `https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml`. Both are fetched in parallel;
//! the first URL in that order that yields a usable file wins (a later one is used only when the
//! earlier one has finished without one).
//!
//! Also home of the fetch-and-parse step shared by every clientConfig source (ispdb,
//! autoconfig-http, mx): only `text/xml` and `application/xml` responses are parsed, as in
//! Thunderbird (discovery.md §1.5); anything else, a 404 or a missing host counts as "nothing
//! here", while a refused file, a bad certificate or an insecure redirect is a failure with a reason.

use crate::engine::account::SettingsSource;
use crate::engine::email_address::EmailAddress;
use crate::engine::job::Cancel;
use crate::engine::net::{HttpError, NetError, TlsError};
use crate::engine::provider::clientconfig::{self, ClientConfig, MAX_CONFIG_BYTES};
use crate::engine::provider::discovery::{Found, Outcome, SourceContext};
use crate::engine::provider::race::{self, Slot, Task, best_decided};

/// Content types parsed as clientConfig files.
const XML_CONTENT_TYPES: [&str; 2] = ["text/xml", "application/xml"];

/// Looks for the provider's autoconfig file over https.
pub fn find(ctx: &SourceContext) -> Outcome {
    match first_config(ctx, "autoconfig", urls(&ctx.email, "https").to_vec()) {
        Ok(fetched) => Outcome::from_found(Found::from_config(
            SettingsSource::Autoconfig,
            fetched.config,
            fetched.via_plain_http,
            ctx.lang,
        )),
        Err(outcome) => outcome,
    }
}

/// The two autoconfig URLs for `email`'s domain, in priority order, with `scheme` (http or https).
pub fn urls(email: &EmailAddress, scheme: &str) -> [String; 2] {
    let domain = email.domain();
    [
        format!(
            "{scheme}://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={}",
            percent_encode(&email.to_ascii_string())
        ),
        format!("{scheme}://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"),
    ]
}

/// Percent-encodes everything except RFC 3986 unreserved characters (as `encodeURIComponent`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A parsed clientConfig and how it travelled.
#[derive(Clone, Debug)]
pub struct Fetched {
    pub config: ClientConfig,
    /// True when any hop was plain http (the file could have been altered on the way).
    pub via_plain_http: bool,
}

/// Fetches several clientConfig URLs in parallel; the first usable one in list order wins.
/// On no win: the first failure (in list order) if any, else timed out if any, else nothing.
pub fn first_config(ctx: &SourceContext, name: &str, urls: Vec<String>) -> Result<Fetched, Outcome> {
    let tasks: Vec<Task<Result<Fetched, Outcome>>> = urls
        .into_iter()
        .map(|url| {
            let ctx = ctx.clone();
            Box::new(move |stop: &Cancel| fetch_config(&ctx.with_stop(stop), &url)) as Task<_>
        })
        .collect();
    let slots = race::race(
        name,
        tasks,
        ctx.deadline,
        &ctx.stop,
        |_, _| {},
        |slots| best_decided(slots, Result::is_ok).is_some(),
    );
    combine(slots)
}

/// The best of several attempts at the same source, by list order.
pub fn combine<T>(slots: Vec<Slot<Result<T, Outcome>>>) -> Result<T, Outcome> {
    let mut failure = None;
    let mut timed_out = false;
    for slot in slots {
        match slot {
            Slot::Done(Ok(value)) => return Ok(value),
            Slot::Done(Err(Outcome::Failed { reason })) => {
                failure.get_or_insert(Outcome::Failed { reason });
            }
            Slot::Done(Err(Outcome::TimedOut)) | Slot::Pending => timed_out = true,
            Slot::Lost(reason) => {
                failure.get_or_insert(Outcome::Failed { reason });
            }
            Slot::Done(Err(_)) => {}
        }
    }
    Err(failure.unwrap_or(if timed_out { Outcome::TimedOut } else { Outcome::Nothing }))
}

/// GETs one clientConfig URL and parses it for the context's address.
pub fn fetch_config(ctx: &SourceContext, url: &str) -> Result<Fetched, Outcome> {
    if ctx.stop.is_cancelled() {
        return Err(Outcome::Nothing);
    }
    let response = ctx.net.http_get(url, ctx.deadline, MAX_CONFIG_BYTES).map_err(|e| http_outcome(ctx, &e))?;
    let is_xml = response.content_type.as_deref().is_some_and(|t| XML_CONTENT_TYPES.contains(&t));
    if !is_xml {
        tracing::debug!(url, content_type = ?response.content_type, "not an XML response; ignored");
        return Err(Outcome::Nothing);
    }
    let config = clientconfig::parse(&response.body, &ctx.email, ctx.lang).map_err(|e| {
        ctx.failed("discovery-failed-file-rejected", &[("host", host_of(&response.url)), ("detail", e.to_string())])
    })?;
    Ok(Fetched { config, via_plain_http: response.via_plain_http })
}

/// The host part of a URL, for messages.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?']).next().unwrap_or_default().to_string()
}

/// How an HTTP failure shows in the checklist: missing things are "nothing", refusals are failures.
fn http_outcome(ctx: &SourceContext, error: &HttpError) -> Outcome {
    if error.is_timeout() {
        return Outcome::TimedOut;
    }
    let detail = error.to_string();
    match error {
        HttpError::Status { .. }
        | HttpError::Net {
            source:
                NetError::DnsNotFound { .. } | NetError::NoRecords { .. } | NetError::Refused { .. } | NetError::Cancelled,
        } => Outcome::Nothing,
        HttpError::Net { source: NetError::DnsFailed { detail, .. } } => {
            ctx.failed("discovery-failed-dns", &[("detail", detail.clone())])
        }
        HttpError::Net { source } => ctx.failed("discovery-failed-network", &[("detail", source.to_string())]),
        HttpError::Tls { source: TlsError::Handshake { host, detail } } => {
            ctx.failed("discovery-failed-tls", &[("host", host.clone()), ("detail", detail.clone())])
        }
        HttpError::Tls { .. } => ctx.failed("discovery-failed-network", &[("detail", detail)]),
        HttpError::TooLarge { host, limit_bytes } => ctx.failed(
            "discovery-failed-too-large",
            &[("host", host.clone()), ("limit_kib", (limit_bytes / 1024).to_string())],
        ),
        HttpError::InsecureRedirect { host, location } => {
            ctx.failed("discovery-failed-insecure-redirect", &[("host", host.clone()), ("location", location.clone())])
        }
        _ => ctx.failed("discovery-failed-network", &[("detail", detail)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_the_address_and_punycode() {
        let email = EmailAddress::parse("Ivan+tag@Почта.example.test").unwrap();
        let [first, second] = urls(&email, "https");
        assert_eq!(
            first,
            "https://autoconfig.xn--80a1acny.example.test/mail/config-v1.1.xml?emailaddress=Ivan%2Btag%40xn--80a1acny.example.test"
        );
        assert_eq!(second, "https://xn--80a1acny.example.test/.well-known/autoconfig/mail/config-v1.1.xml");
    }

    #[test]
    fn the_first_success_wins_and_failures_beat_timeouts() {
        let ok = |v: u8| Slot::Done(Ok::<u8, Outcome>(v));
        assert!(matches!(combine(vec![Slot::Done(Err(Outcome::Nothing)), ok(2), ok(3)]), Ok(2)));
        let failed = || Slot::Done(Err::<u8, _>(Outcome::Failed { reason: "bad".into() }));
        assert!(matches!(combine(vec![Slot::Pending, failed()]), Err(Outcome::Failed { .. })));
        assert!(matches!(
            combine(vec![Slot::Pending, Slot::Done(Err::<u8, _>(Outcome::Nothing))]),
            Err(Outcome::TimedOut)
        ));
        assert!(matches!(combine::<u8>(vec![Slot::Done(Err(Outcome::Nothing))]), Err(Outcome::Nothing)));
    }
}
