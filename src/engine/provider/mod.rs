//! Provider knowledge and settings discovery.
//!
//! Lookup order: bundled presets answer in-process and instantly; otherwise every source runs in
//! parallel under one deadline and the best source by priority wins (`SettingsSource` order),
//! not the fastest. `discovery` is the pipeline; each source is one file.

pub mod autoconfig;
pub mod autoconfig_http;
pub mod clientconfig;
pub mod discovery;
pub mod guess;
pub mod ispdb;
pub mod mx;
pub mod presets;
pub mod race;
pub mod srv;
