//! The discovery pipeline: from an email address to IMAP/POP3/SMTP settings.
//!
//! Lookup order (priority = the `SettingsSource` enum order):
//! 1. **preset** — the bundled provider knowledge answers in-process, instantly, with no network;
//! 2. otherwise every network source runs in parallel, each on its own named thread, under ONE
//!    overall deadline ([`DiscoveryOptions::timeout`], 5 s by default):
//!    **ispdb** (`ispdb.rs`), **autoconfig** over https (`autoconfig.rs`), **mx** (`mx.rs`),
//!    **srv** (`srv.rs`), **autoconfig-http** (`autoconfig_http.rs`) and **guess** (`guess.rs`).
//!
//! The best source by priority wins, not the fastest: the pipeline finishes as soon as the
//! highest-ranked source that found something has answered *and* every source ranked above it has
//! finished; while a better source is still running it waits for it (up to the deadline) even if
//! a worse one already answered. Guessing therefore only wins when nothing above it found
//! anything. At the deadline the best answer so far wins and the unfinished sources are reported
//! as timed out. Cancelling returns within a few tens of milliseconds.
//!
//! Every source reports `Started` and then exactly one terminal status (found, nothing, failed
//! with a reason, timed out, skipped) through [`Progress`], so the GUI can show a live checklist.
//! When a preset answers, only the preset is reported (the network sources never start), as in
//! the contract's `detect --json` example. `sources[]` in the JSON adds a `reason` field to
//! failed sources only; every other field is exactly the contract's.
//! A source counts as having found something only with at least one incoming and one outgoing
//! server; half a configuration is reported as nothing. Results from plain http, from an MX host
//! in an unrelated domain (when not a preset), from SRV records and from guessing need the user's
//! confirmation before a password is sent (`needs_confirmation`).
//!
//! Microsoft Autodiscover (POX) is deliberately not a source: it needs the password up front.

use crate::engine::account::{Server, SettingsSource};
use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::{Lang, tr_args};
use crate::engine::job::{Cancel, Progress};
use crate::engine::net::{Net, NetError};
use crate::engine::provider::clientconfig::ClientConfig;
use crate::engine::provider::presets::{self, Note, Provider};
use crate::engine::provider::race::{self, Slot, Task, best_decided};
use crate::engine::provider::{autoconfig, autoconfig_http, guess, ispdb, mx, srv};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// The overall deadline when none is given (DESIGN.md: unknown domain worst case ≤ 5 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// The function that runs one source.
type SourceFn = fn(&SourceContext) -> Outcome;

/// The network sources in priority order, each with the function that runs it. A new source is
/// one new file plus one line here.
const NETWORK_SOURCES: [(SettingsSource, SourceFn); 6] = [
    (SettingsSource::Ispdb, ispdb::find),
    (SettingsSource::Autoconfig, autoconfig::find),
    (SettingsSource::Mx, mx::find),
    (SettingsSource::Srv, srv::find),
    (SettingsSource::AutoconfigHttp, autoconfig_http::find),
    (SettingsSource::Guess, guess::find),
];

/// How to run discovery.
#[derive(Clone, Debug)]
pub struct DiscoveryOptions {
    /// One deadline for all network sources together.
    pub timeout: Duration,
    /// Use only the bundled presets; touch no network at all.
    pub offline: bool,
    /// Network access with the seams (`--dns-server`, `--ca-file`, `--ispdb-url`) applied.
    pub net: Net,
    /// Language of notes and failure reasons.
    pub lang: Lang,
}

impl Default for DiscoveryOptions {
    fn default() -> Self {
        DiscoveryOptions { timeout: DEFAULT_TIMEOUT, offline: false, net: Net::default(), lang: Lang::En }
    }
}

/// Where one source stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceStatus {
    Started,
    Found,
    /// The source answered: nothing here (no record, no file, 404, …).
    Nothing,
    /// The source answered with something unusable or refused (hostile XML, bad certificate, …).
    Failed {
        reason: String,
    },
    /// The deadline passed before the source answered.
    TimedOut,
    /// The source did not run or its answer was no longer needed (offline, cancelled, a better
    /// source already won).
    Skipped,
}

impl SourceStatus {
    /// The id used in JSON (`sources[].status`).
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceStatus::Started => "started",
            SourceStatus::Found => "found",
            SourceStatus::Nothing => "nothing",
            SourceStatus::Failed { .. } => "failed",
            SourceStatus::TimedOut => "timed_out",
            SourceStatus::Skipped => "skipped",
        }
    }

    /// True for every status except `Started`.
    pub fn is_terminal(&self) -> bool {
        !matches!(self, SourceStatus::Started)
    }
}

/// One step of the live checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscoveryEvent {
    pub source: SettingsSource,
    pub status: SourceStatus,
    /// Milliseconds since discovery started.
    pub elapsed_ms: u64,
}

/// The provider as `detect --json` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRef {
    /// The preset id (`yandex`).
    pub id: String,
    /// The provider's name in the chosen language.
    pub name: String,
}

/// One line of `sources[]` in `detect --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceReport {
    pub source: SettingsSource,
    /// found, nothing, failed, timed_out or skipped.
    pub status: String,
    /// Milliseconds from the start until this source's final status.
    pub ms: u64,
    /// Why the source failed (only with status `failed`), in the chosen language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The outcome of discovery, exactly as `detect --json` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovery {
    /// The address as people read it (IDN domain in Unicode).
    pub email: String,
    /// The domain as people read it (Unicode); servers carry ASCII host names.
    pub domain: String,
    /// The bundled provider, when one is recognised.
    pub provider: Option<ProviderRef>,
    /// The winning source; `None` when nothing was found.
    pub source: Option<SettingsSource>,
    /// True when the user must confirm the settings before a password is sent.
    pub needs_confirmation: bool,
    /// Incoming servers, best first.
    pub incoming: Vec<Server>,
    /// Outgoing servers, best first.
    pub outgoing: Vec<Server>,
    /// "Before you log in" steps, quirks and links.
    pub notes: Vec<Note>,
    /// Every source, in priority order, with its final status.
    pub sources: Vec<SourceReport>,
}

impl Discovery {
    /// True when some source found settings.
    pub fn is_found(&self) -> bool {
        self.source.is_some()
    }

    /// True when there is something a mail program can connect to: a known provider that offers
    /// mail programs nothing (i.ua) is found, but not usable.
    pub fn has_servers(&self) -> bool {
        self.is_found() && (!self.incoming.is_empty() || !self.outgoing.is_empty())
    }

    fn nothing(email: &EmailAddress, sources: Vec<SourceReport>) -> Self {
        Discovery {
            email: email.to_display_string(),
            domain: email.domain_unicode().to_string(),
            provider: None,
            source: None,
            needs_confirmation: false,
            incoming: vec![],
            outgoing: vec![],
            notes: vec![],
            sources,
        }
    }

    fn from_found(email: &EmailAddress, found: Found, lang: Lang, sources: Vec<SourceReport>) -> Self {
        Discovery {
            provider: found.provider.map(|p| ProviderRef { id: p.id.clone(), name: p.display_name(lang).to_string() }),
            source: Some(found.source),
            needs_confirmation: found.needs_confirmation,
            incoming: found.incoming,
            outgoing: found.outgoing,
            notes: found.notes,
            ..Discovery::nothing(email, sources)
        }
    }
}

/// Settings one source found, tagged with that source.
#[derive(Clone, Debug)]
pub struct Found {
    pub source: SettingsSource,
    pub provider: Option<&'static Provider>,
    pub needs_confirmation: bool,
    pub incoming: Vec<Server>,
    pub outgoing: Vec<Server>,
    pub notes: Vec<Note>,
}

impl Found {
    /// A preset's servers and notes for `email`.
    pub fn from_preset(
        source: SettingsSource,
        provider: &'static Provider,
        email: &EmailAddress,
        lang: Lang,
        needs_confirmation: bool,
    ) -> Self {
        Found {
            source,
            provider: Some(provider),
            needs_confirmation,
            incoming: provider.incoming_for(email),
            outgoing: provider.outgoing_for(email),
            notes: provider.notes(lang),
        }
    }

    /// A clientConfig file's settings. When the servers belong to a bundled provider (a custom
    /// domain hosted there), that provider and its "before you log in" steps are added.
    pub fn from_config(source: SettingsSource, config: ClientConfig, needs_confirmation: bool, lang: Lang) -> Self {
        let mut found = Found::from_servers(source, config.incoming, config.outgoing, needs_confirmation, lang);
        for note in config.notes {
            if !found.notes.iter().any(|n| n.kind == note.kind && n.url == note.url) {
                found.notes.push(note);
            }
        }
        found
    }

    /// Servers found by records or probes (no notes of their own).
    pub fn from_servers(
        source: SettingsSource,
        incoming: Vec<Server>,
        outgoing: Vec<Server>,
        needs_confirmation: bool,
        lang: Lang,
    ) -> Self {
        let provider = incoming.iter().chain(&outgoing).find_map(|s| presets::for_server(s));
        Found {
            source,
            provider,
            needs_confirmation,
            notes: provider.map(|p| p.notes(lang)).unwrap_or_default(),
            incoming,
            outgoing,
        }
    }

    /// True when there is at least one incoming and one outgoing server.
    pub fn is_complete(&self) -> bool {
        !self.incoming.is_empty() && !self.outgoing.is_empty()
    }
}

/// What one source came back with.
#[derive(Clone, Debug)]
pub enum Outcome {
    Found(Found),
    Nothing,
    Failed { reason: String },
    TimedOut,
}

impl Outcome {
    /// True for a usable find.
    pub fn is_found(&self) -> bool {
        matches!(self, Outcome::Found(_))
    }

    /// A complete find, or nothing.
    pub fn from_found(found: Found) -> Self {
        if found.is_complete() { Outcome::Found(found) } else { Outcome::Nothing }
    }

    fn status(&self) -> SourceStatus {
        match self {
            Outcome::Found(_) => SourceStatus::Found,
            Outcome::Nothing => SourceStatus::Nothing,
            Outcome::Failed { reason } => SourceStatus::Failed { reason: reason.clone() },
            Outcome::TimedOut => SourceStatus::TimedOut,
        }
    }
}

/// Everything a source needs: the address, the network, the language, the deadline and the
/// stop signal (cancelled by the user, or the answer is already known).
#[derive(Clone, Debug)]
pub struct SourceContext {
    pub email: EmailAddress,
    pub net: Net,
    pub lang: Lang,
    pub deadline: Instant,
    pub stop: Cancel,
}

impl SourceContext {
    /// The same context with another stop signal (for a nested race).
    pub fn with_stop(&self, stop: &Cancel) -> Self {
        SourceContext { stop: stop.clone(), ..self.clone() }
    }

    /// How a DNS failure shows in the checklist: a missing name or record is "nothing".
    pub fn dns_outcome(&self, error: &NetError) -> Outcome {
        match error {
            NetError::DnsNotFound { .. } | NetError::NoRecords { .. } | NetError::Cancelled => Outcome::Nothing,
            e if e.is_timeout() => Outcome::TimedOut,
            NetError::DnsFailed { detail, .. } => self.failed("discovery-failed-dns", &[("detail", detail.clone())]),
            other => self.failed("discovery-failed-network", &[("detail", other.to_string())]),
        }
    }

    /// A localized failure.
    pub fn failed(&self, id: &str, args: &[(&str, String)]) -> Outcome {
        let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> =
            args.iter().map(|(k, v)| (*k, fluent_bundle::FluentValue::from(v.as_str()))).collect();
        Outcome::Failed { reason: tr_args(self.lang, id, &args) }
    }
}

/// Finds the settings for `email`: a preset instantly, else every network source in parallel
/// under one deadline, the best by priority winning. Reports each source's progress on
/// `progress`; returns promptly when `cancel` fires. Never fails: "nothing found" is a result
/// with no servers.
pub fn discover(
    email: &EmailAddress,
    options: &DiscoveryOptions,
    progress: &Progress<DiscoveryEvent>,
    cancel: &Cancel,
) -> Discovery {
    let started = Instant::now();
    let elapsed_ms = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let report = |source: SettingsSource, status: SourceStatus, ms: u64| {
        progress.send(DiscoveryEvent { source, status: status.clone(), elapsed_ms: ms });
        let reason = match &status {
            SourceStatus::Failed { reason } => Some(reason.clone()),
            _ => None,
        };
        SourceReport { source, status: status.as_str().to_string(), ms, reason }
    };

    progress.send(DiscoveryEvent { source: SettingsSource::Preset, status: SourceStatus::Started, elapsed_ms: 0 });
    if let Some(provider) = presets::for_domain(email.domain()) {
        let found = Found::from_preset(SettingsSource::Preset, provider, email, options.lang, false);
        let sources = vec![report(SettingsSource::Preset, SourceStatus::Found, elapsed_ms())];
        return Discovery::from_found(email, found, options.lang, sources);
    }
    let mut sources = vec![report(SettingsSource::Preset, SourceStatus::Nothing, elapsed_ms())];

    for (source, _) in NETWORK_SOURCES {
        progress.send(DiscoveryEvent { source, status: SourceStatus::Started, elapsed_ms: elapsed_ms() });
    }
    if options.offline || cancel.is_cancelled() {
        for (source, _) in NETWORK_SOURCES {
            sources.push(report(source, SourceStatus::Skipped, elapsed_ms()));
        }
        return Discovery::nothing(email, sources);
    }

    let deadline = started + options.timeout;
    let context = SourceContext {
        email: email.clone(),
        net: options.net.clone(),
        lang: options.lang,
        deadline,
        stop: cancel.clone(),
    };
    let tasks: Vec<Task<Outcome>> = NETWORK_SOURCES
        .iter()
        .map(|&(_, find)| {
            let context = context.clone();
            Box::new(move |stop: &Cancel| find(&context.with_stop(stop))) as Task<Outcome>
        })
        .collect();
    let mut finished: Vec<Option<SourceReport>> = NETWORK_SOURCES.iter().map(|_| None).collect();
    let slots = race::race(
        "discovery",
        tasks,
        deadline,
        &context.stop,
        |index, outcome| {
            // After a cancel, late answers are reported as skipped (below), not as what they were.
            if !cancel.is_cancelled() {
                finished[index] = Some(report(NETWORK_SOURCES[index].0, outcome.status(), elapsed_ms()));
            }
        },
        |slots| best_decided(slots, Outcome::is_found).is_some(),
    );

    let deadline_passed = Instant::now() >= deadline;
    let mut winner: Option<Found> = None;
    for (index, slot) in slots.into_iter().enumerate() {
        let source = NETWORK_SOURCES[index].0;
        let line = match (finished[index].take(), slot) {
            (Some(line), Slot::Done(outcome)) => {
                if let (None, Outcome::Found(found)) = (&winner, outcome) {
                    winner = Some(found);
                }
                line
            }
            (_, Slot::Lost(reason)) => {
                report(source, SourceStatus::Failed { reason: format!("{source}: {reason}") }, elapsed_ms())
            }
            (_, _) if cancel.is_cancelled() || !deadline_passed => report(source, SourceStatus::Skipped, elapsed_ms()),
            (_, _) => report(source, SourceStatus::TimedOut, elapsed_ms()),
        };
        sources.push(line);
    }
    match winner {
        Some(found) if !cancel.is_cancelled() => Discovery::from_found(email, found, options.lang, sources),
        _ => Discovery::nothing(email, sources),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events_of(receiver: std::sync::mpsc::Receiver<DiscoveryEvent>) -> Vec<DiscoveryEvent> {
        receiver.try_iter().collect()
    }

    #[test]
    fn a_preset_domain_is_answered_instantly_by_the_preset() {
        let email = EmailAddress::parse("anna@yandex.ru").unwrap();
        let (progress, events) = Progress::channel();
        let started = Instant::now();
        let d = discover(&email, &DiscoveryOptions::default(), &progress, &Cancel::new());
        assert!(started.elapsed() < Duration::from_millis(50));
        assert_eq!(d.source, Some(SettingsSource::Preset));
        assert_eq!(d.provider.as_ref().map(|p| p.id.as_str()), Some("yandex"));
        assert!(!d.needs_confirmation);
        assert_eq!(d.incoming[0].host, "imap.yandex.ru");
        assert_eq!(d.sources.len(), 1);
        let statuses: Vec<_> = events_of(events).into_iter().map(|e| e.status).collect();
        assert_eq!(statuses, vec![SourceStatus::Started, SourceStatus::Found]);
    }

    #[test]
    fn offline_discovery_of_an_unknown_domain_skips_every_network_source() {
        let email = EmailAddress::parse("a@unknown-offline.test").unwrap();
        let options = DiscoveryOptions { offline: true, ..DiscoveryOptions::default() };
        let (progress, events) = Progress::channel();
        let d = discover(&email, &options, &progress, &Cancel::new());
        assert!(!d.is_found());
        assert!(d.incoming.is_empty() && d.outgoing.is_empty());
        let statuses: Vec<_> = d.sources.iter().map(|s| (s.source, s.status.as_str())).collect();
        assert_eq!(statuses[0], (SettingsSource::Preset, "nothing"));
        assert!(statuses[1..].iter().all(|(_, s)| *s == "skipped"));
        assert_eq!(statuses.len(), 1 + NETWORK_SOURCES.len());
        let events = events_of(events);
        for (source, _) in NETWORK_SOURCES {
            let mine: Vec<_> = events.iter().filter(|e| e.source == source).map(|e| e.status.clone()).collect();
            assert_eq!(mine, vec![SourceStatus::Started, SourceStatus::Skipped], "{source}");
        }
    }

    #[test]
    fn the_network_sources_are_listed_in_priority_order() {
        let order: Vec<_> = NETWORK_SOURCES.iter().map(|(s, _)| *s).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
        assert!(!order.contains(&SettingsSource::Preset) && !order.contains(&SettingsSource::Manual));
    }

    #[test]
    fn json_has_the_contract_fields() {
        let email = EmailAddress::parse("anna@yandex.ru").unwrap();
        let d = discover(&email, &DiscoveryOptions::default(), &Progress::discard(), &Cancel::new());
        let json = serde_json::to_value(&d).unwrap();
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        let mut expected = vec![
            "email",
            "domain",
            "provider",
            "source",
            "needs_confirmation",
            "incoming",
            "outgoing",
            "notes",
            "sources",
        ];
        expected.sort();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        assert_eq!(keys_sorted, expected);
        assert_eq!(json["sources"][0], serde_json::json!({"source": "preset", "status": "found", "ms": 0}));
        assert_eq!(json["provider"], serde_json::json!({"id": "yandex", "name": "Yandex Mail"}));
    }
}
