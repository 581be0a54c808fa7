//! Bundled provider knowledge: one JSON file per provider in `presets/`, embedded at build time.
//! (Filled in by the discovery issue.)
