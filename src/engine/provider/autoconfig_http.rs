//! Source **autoconfig-http**: the same two autoconfig URLs as `autoconfig.rs`, over plain http.
//! Many hosters still serve the file only this way (discovery.md §1.3), but anyone on the path
//! could have changed it, so the result always needs the user's confirmation. A redirect is
//! followed only to https.

use crate::engine::account::SettingsSource;
use crate::engine::provider::autoconfig::{first_config, urls};
use crate::engine::provider::discovery::{Found, Outcome, SourceContext};

/// Looks for the provider's autoconfig file over plain http.
pub fn find(ctx: &SourceContext) -> Outcome {
    match first_config(ctx, "autoconfig-http", urls(&ctx.email, "http").to_vec()) {
        Ok(fetched) => {
            Outcome::from_found(Found::from_config(SettingsSource::AutoconfigHttp, fetched.config, true, ctx.lang))
        }
        Err(outcome) => outcome,
    }
}
