//! Benchmarks of the bundled provider lookups (DESIGN.md budget: known-provider detection < 1 ms
//! in-process). Run: `cargo bench --no-default-features --bench presets`.
//!
//! - `first_use_index_build`: parsing every `presets/*.json` and building the lookup tables,
//!   which the first lookup in a process pays once.
//! - `for_domain_*` and `for_mx_host_*`: lookups after that warm-up.

use criterion::{Criterion, criterion_group, criterion_main};
use mailsetup::engine::email_address::EmailAddress;
use mailsetup::engine::provider::presets;
use std::hint::black_box;

fn first_use_index_build(c: &mut Criterion) {
    c.bench_function("presets/first_use_index_build", |b| b.iter(presets::build_index_uncached));
}

fn lookups_after_warm_up(c: &mut Criterion) {
    // NOTE: the first call builds the cached index; everything measured below reuses it.
    assert!(presets::for_domain("yandex.ru").is_some(), "the yandex preset must exist");
    c.bench_function("presets/for_domain_yandex_ru", |b| b.iter(|| presets::for_domain(black_box("yandex.ru"))));
    c.bench_function("presets/for_domain_unknown", |b| b.iter(|| presets::for_domain(black_box("example.org"))));
    c.bench_function("presets/for_mx_host_google_workspace", |b| {
        b.iter(|| presets::for_mx_host(black_box("alt1.aspmx.l.google.com")))
    });
    c.bench_function("presets/for_mx_host_unknown", |b| b.iter(|| presets::for_mx_host(black_box("mx.example.org"))));
    let email = EmailAddress::parse("anna@yandex.ru").unwrap_or_else(|e| panic!("{e}"));
    c.bench_function("presets/address_to_servers_yandex_ru", |b| {
        b.iter(|| {
            let provider = presets::for_domain(black_box(&email).domain());
            provider.map(|p| (p.incoming_for(&email), p.outgoing_for(&email)))
        })
    });
}

criterion_group!(benches, first_use_index_build, lookups_after_warm_up);
criterion_main!(benches);
