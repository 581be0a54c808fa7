//! Discovery benchmarks (criterion): parsing a typical clientConfig file, and known-provider
//! detection through the whole `discover()` pipeline (DESIGN.md budget: < 1 ms in-process).
//! Run with `cargo bench --no-default-features --bench discovery`; whole-process timings are in
//! tests/bench-detect.sh.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use mailsetup::engine::email_address::EmailAddress;
use mailsetup::engine::i18n::Lang;
use mailsetup::engine::job::{Cancel, Progress};
use mailsetup::engine::provider::clientconfig;
use mailsetup::engine::provider::discovery::{DiscoveryOptions, discover};
use mailsetup::engine::provider::presets;
use std::hint::black_box;

const TYPICAL: &[u8] = include_bytes!("../fixtures/clientconfig/valid.xml");

fn parse_typical_clientconfig(c: &mut Criterion) {
    let email = EmailAddress::parse("anna@shop.example-isp.test").unwrap();
    c.bench_function("clientconfig::parse (typical ISPDB file)", |b| {
        b.iter(|| clientconfig::parse(black_box(TYPICAL), &email, Lang::En).unwrap())
    });
}

fn detect_a_preset_provider(c: &mut Criterion) {
    let options = DiscoveryOptions::default();
    let progress = Progress::discard();
    let cancel = Cancel::new();
    // Load the presets and translations once, as the running program would have.
    let email = EmailAddress::parse("anna@yandex.ru").unwrap();
    assert!(discover(&email, &options, &progress, &cancel).is_found());
    c.bench_function("discover(anna@yandex.ru) via preset", |b| {
        b.iter(|| {
            let email = EmailAddress::parse(black_box("anna@yandex.ru")).unwrap();
            discover(&email, &options, &progress, &cancel)
        })
    });
    c.bench_function("presets::for_domain(yandex.ru)", |b| b.iter(|| presets::for_domain(black_box("yandex.ru"))));
}

criterion_group!(benches, parse_typical_clientconfig, detect_a_preset_provider);
criterion_main!(benches);
