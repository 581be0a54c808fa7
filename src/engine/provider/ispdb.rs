//! Source **ispdb**: the Thunderbird ISPDB, `GET <ispdb-url><domain>` (default
//! `https://autoconfig.thunderbird.net/v1.1/`, `--ispdb-url` to change it), a clientConfig v1.1
//! file per domain. A file fetched over plain http (a custom `--ispdb-url`) needs confirmation.

use crate::engine::account::SettingsSource;
use crate::engine::net::Net;
use crate::engine::provider::autoconfig::{Fetched, fetch_config};
use crate::engine::provider::discovery::{Found, Outcome, SourceContext};

/// Looks the address's domain up in the ISPDB.
pub fn find(ctx: &SourceContext) -> Outcome {
    match lookup(ctx, ctx.email.domain()) {
        Ok(fetched) => Outcome::from_found(Found::from_config(
            SettingsSource::Ispdb,
            fetched.config,
            fetched.via_plain_http,
            ctx.lang,
        )),
        Err(outcome) => outcome,
    }
}

/// Fetches the ISPDB entry of `domain` (ASCII), filled in for the context's address.
pub fn lookup(ctx: &SourceContext, domain: &str) -> Result<Fetched, Outcome> {
    fetch_config(ctx, &url_for(&ctx.net, domain))
}

/// The ISPDB URL for `domain`.
pub fn url_for(net: &Net, domain: &str) -> String {
    format!("{}{domain}", net.config().ispdb_url())
}
