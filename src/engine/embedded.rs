//! Files embedded into the binary at build time by `build.rs`: the provider presets and the
//! Fluent translations. Adding a provider or a translation file needs no code change.
#![allow(dead_code)]

include!(concat!(env!("OUT_DIR"), "/embedded_assets.rs"));
