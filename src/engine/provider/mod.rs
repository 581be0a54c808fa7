//! Provider knowledge and settings discovery.
//!
//! Lookup order: bundled presets answer in-process and instantly; otherwise every source runs in
//! parallel under one deadline and the best source by priority wins (`SettingsSource` order),
//! not the fastest. (Filled in by the discovery issue.)

pub mod presets;
