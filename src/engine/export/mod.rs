//! Exports: the `Exporter` trait and the registry of formats, one file per format.
//! (Filled in by the exports issue.)
