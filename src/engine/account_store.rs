//! The accounts file: saved accounts in the OS config dir (override with `--config-dir` or
//! `MAILSETUP_CONFIG_DIR`), versioned JSON, atomic writes, mode 0600. Holds keyring entry names,
//! never a secret. (Filled in by the saved-accounts issue.)
