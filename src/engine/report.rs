//! The redacted support report: settings and their source, DNS answers, per-step timings, TLS
//! facts, capabilities and the diagnosis — never a password. (Filled in by the checks issue.)
