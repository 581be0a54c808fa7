//! Diagnosis: the one place that turns a failure into words. A classified failure becomes a
//! stable `kind` plus a title and advice in the user's language, using the provider preset for
//! concrete next steps and links. (Filled in by the checks issue.)
