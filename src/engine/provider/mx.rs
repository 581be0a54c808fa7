//! Source **mx**: the domain's best MX host tells who runs its mail. A bundled preset whose MX
//! patterns match that host (or whose domain is the host's registrable domain) answers at once;
//! otherwise the ISPDB entry and the https autoconfig file of the MX host's registrable domain
//! are fetched in parallel (ISPDB first by rank). When the MX host's domain is unrelated to the
//! address's domain and the answer is not a preset, the user must confirm it: anyone who can
//! change DNS can point MX anywhere.
//!
//! Registrable domain ("eTLD+1"): the last two labels, or the last three when the last two are a
//! common multi-label public suffix from the small built-in list below (`co.uk`, `com.au`,
//! `com.br`, `net.ru`, …). It is not the full Public Suffix List: a rare suffix missing here makes
//! the domain look one label shorter, which at worst asks the ISPDB about a suffix-like domain
//! (nothing is found) or shows a shorter domain in the confirmation text.

use crate::engine::account::SettingsSource;
use crate::engine::provider::autoconfig::{first_config, percent_encode};
use crate::engine::provider::discovery::{Found, Outcome, SourceContext};
use crate::engine::provider::{ispdb, presets};

/// Public suffixes made of two labels that are common in mail domains (not the full PSL).
const TWO_LABEL_SUFFIXES: &[&str] = &[
    // United Kingdom, Australia, New Zealand, South Africa, India, Israel
    "co.uk",
    "org.uk",
    "me.uk",
    "ltd.uk",
    "plc.uk",
    "net.uk",
    "ac.uk",
    "gov.uk",
    "sch.uk",
    "com.au",
    "net.au",
    "org.au",
    "edu.au",
    "gov.au",
    "id.au",
    "asn.au",
    "co.nz",
    "net.nz",
    "org.nz",
    "co.za",
    "org.za",
    "co.in",
    "net.in",
    "org.in",
    "firm.in",
    "co.il",
    "org.il",
    // Russia and neighbours
    "net.ru",
    "org.ru",
    "pp.ru",
    "com.ru",
    "msk.ru",
    "spb.ru",
    "int.ru",
    "com.ua",
    "net.ua",
    "org.ua",
    "in.ua",
    "kiev.ua",
    "kharkov.ua",
    "odessa.ua",
    "com.by",
    "net.by",
    "org.by",
    "com.kz",
    "net.kz",
    "org.kz",
    "com.ge",
    "com.am",
    "co.uz",
    // the Americas
    "com.br",
    "net.br",
    "org.br",
    "gov.br",
    "edu.br",
    "com.mx",
    "org.mx",
    "com.ar",
    "net.ar",
    "com.co",
    "com.pe",
    // Asia
    "co.jp",
    "ne.jp",
    "or.jp",
    "ac.jp",
    "go.jp",
    "co.kr",
    "or.kr",
    "ne.kr",
    "com.cn",
    "net.cn",
    "org.cn",
    "gov.cn",
    "edu.cn",
    "com.hk",
    "net.hk",
    "org.hk",
    "com.tw",
    "net.tw",
    "org.tw",
    "com.sg",
    "net.sg",
    "org.sg",
    "com.my",
    "net.my",
    "co.id",
    "or.id",
    "co.th",
    "in.th",
    "com.vn",
    "com.ph",
    // Europe and Türkiye
    "com.tr",
    "net.tr",
    "org.tr",
    "com.pl",
    "net.pl",
    "org.pl",
    "co.at",
    "or.at",
    "com.es",
    "com.pt",
    "com.gr",
];

/// The registrable domain ("eTLD+1") of a host name, by the built-in suffix rule.
/// IP addresses and single labels are returned unchanged.
pub fn registrable_domain(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() {
        return host;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() <= 2 {
        return host;
    }
    let last_two = labels[labels.len() - 2..].join(".");
    let keep = if TWO_LABEL_SUFFIXES.contains(&last_two.as_str()) { 3 } else { 2 };
    labels[labels.len().saturating_sub(keep)..].join(".")
}

/// Finds settings through the domain's MX record.
pub fn find(ctx: &SourceContext) -> Outcome {
    let records = match ctx.net.lookup_mx(ctx.email.domain(), ctx.deadline) {
        Ok(records) => records,
        Err(e) => return ctx.dns_outcome(&e),
    };
    // A null MX (RFC 7505, target ".") says the domain takes no mail.
    let Some(best) = records.first().filter(|r| !r.host.is_empty()) else {
        return Outcome::Nothing;
    };
    let base = registrable_domain(&best.host);
    if let Some(provider) = presets::for_mx_host(&best.host).or_else(|| presets::for_domain(&base)) {
        return Outcome::from_found(Found::from_preset(SettingsSource::Mx, provider, &ctx.email, ctx.lang, false));
    }
    if base == ctx.email.domain() {
        // The ISPDB and autoconfig sources already ask about this very domain.
        return Outcome::Nothing;
    }
    let related = base == registrable_domain(ctx.email.domain());
    let urls = vec![
        ispdb::url_for(&ctx.net, &base),
        format!(
            "https://autoconfig.{base}/mail/config-v1.1.xml?emailaddress={}",
            percent_encode(&ctx.email.to_ascii_string())
        ),
    ];
    match first_config(ctx, "mx", urls) {
        Ok(fetched) => Outcome::from_found(Found::from_config(
            SettingsSource::Mx,
            fetched.config,
            !related || fetched.via_plain_http,
            ctx.lang,
        )),
        Err(outcome) => outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains_follow_the_suffix_rule() {
        assert_eq!(registrable_domain("mx1.hoster.test"), "hoster.test");
        assert_eq!(registrable_domain("MX.Yandex.NET."), "yandex.net");
        assert_eq!(registrable_domain("mail.shop.co.uk"), "shop.co.uk");
        assert_eq!(registrable_domain("a.b.example.com.au"), "example.com.au");
        assert_eq!(registrable_domain("mx.firma.net.ru"), "firma.net.ru");
        assert_eq!(registrable_domain("mx.firma.com.br"), "firma.com.br");
        assert_eq!(registrable_domain("example.com"), "example.com");
        assert_eq!(registrable_domain("localhost"), "localhost");
        assert_eq!(registrable_domain("127.0.0.1"), "127.0.0.1");
        // Without the suffix list entry the rule falls back to two labels.
        assert_eq!(registrable_domain("mx.shop.co.rare"), "co.rare");
    }
}
