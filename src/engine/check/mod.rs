//! Connection checks: resolve → connect → TLS → greeting → STARTTLS → auth → send → confirm,
//! each step timed, shared as `CheckReport` by the CLI, the GUI and the report.
//! (Filled in by the checks issue.)
