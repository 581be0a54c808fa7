//! Exports: turn one checked account into the file (or files) a mail program, phone, website or
//! printer takes, so nobody retypes settings. Each format states what it is as data (a
//! [`FormatMeta`]) and renders through the [`Exporter`] trait; the registry ([`all`], [`by_id`])
//! lists them. One file per format: a new format is one new file plus one line in [`all`].
//!
//! Rules every format follows (DESIGN.md, security):
//! - the password is never written, except by formats that can carry one ([`Exporter::carries_password`],
//!   only the on-screen Thunderbird QR code) and only when the user asked ([`ExportOptions::include_password`]);
//!   CLI-tool configs fetch it from the keyring entry mailsetup created (`secret-tool lookup …`);
//! - security is mapped exactly (implicit TLS, required STARTTLS, none). A format that cannot
//!   express the account's security either warns ([`Exporter::limitations`]) when the result is
//!   still encrypted, or refuses ([`ExportError::SecurityNotExpressible`]) when the file would make
//!   the client send the password in the clear — never a silent downgrade;
//! - every value is escaped for its format, and values with control characters are refused.

mod aerc;
mod autoconfig_xml;
mod card_html;
mod card_txt;
mod claws;
mod django;
mod escape;
mod evolution;
mod fetchmail;
mod geary;
mod getmail;
mod joomla;
mod k9s;
mod laravel_env;
mod mbsync;
mod mobileconfig;
mod msmtp;
mod neomutt;
mod outlook_prf;
mod phpmailer;
mod settings_card;
mod thunderbird;
pub mod thunderbird_qr;
mod website;
mod wordpress;

use crate::engine::account::{Account, AuthMethod, Protocol, Security, Server};
use crate::engine::email_address::EmailAddress;
use crate::engine::i18n::{Lang, tr, tr_args};
use crate::engine::provider::presets;
use crate::engine::secrets::Password;
use fluent_bundle::FluentValue;
use std::path::PathBuf;

/// Every export format, grouped by audience in the order the GUI shows them.
pub fn all() -> &'static [&'static dyn Exporter] {
    static ALL: &[&dyn Exporter] = &[
        &thunderbird::Thunderbird,
        &autoconfig_xml::AutoconfigXml,
        &mobileconfig::Mobileconfig,
        &outlook_prf::OutlookPrf,
        &evolution::Evolution,
        &claws::Claws,
        &geary::Geary,
        &thunderbird_qr::ThunderbirdQr,
        &k9s::K9s,
        &msmtp::Msmtp,
        &neomutt::Neomutt,
        &mbsync::Mbsync,
        &aerc::Aerc,
        &fetchmail::Fetchmail,
        &getmail::Getmail,
        &joomla::Joomla,
        &wordpress::Wordpress,
        &phpmailer::Phpmailer,
        &laravel_env::LaravelEnv,
        &django::Django,
        &card_txt::CardTxt,
        &card_html::CardHtml,
    ];
    ALL
}

/// The format with this id (the `--format` value).
pub fn by_id(id: &str) -> Option<&'static dyn Exporter> {
    all().iter().copied().find(|e| e.id() == id)
}

/// Who a format is for; the GUI groups its buttons by this.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Desktop mail programs (Thunderbird, Apple Mail, Outlook, Evolution, …).
    MailProgram,
    /// Phones (Thunderbird for Android / K-9).
    Phone,
    /// Command-line mail tools (msmtp, neomutt, mbsync, …).
    CommandLine,
    /// Website mailers (Joomla, WordPress, Laravel, …).
    Website,
    /// A card to print or read aloud.
    Print,
}

impl Audience {
    /// Every audience, in display order.
    pub const ALL: [Audience; 5] =
        [Audience::MailProgram, Audience::Phone, Audience::CommandLine, Audience::Website, Audience::Print];

    /// Stable id (`mail-program`, `phone`, …).
    pub fn id(self) -> &'static str {
        match self {
            Audience::MailProgram => "mail-program",
            Audience::Phone => "phone",
            Audience::CommandLine => "command-line",
            Audience::Website => "website",
            Audience::Print => "print",
        }
    }

    /// The group heading in `lang` ("Your mail program", "Phone", …).
    pub fn label(self, lang: Lang) -> String {
        tr(lang, &format!("export-audience-{}", self.id()))
    }
}

/// What the caller controls about one export.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions<'a> {
    /// Language of comments inside the files and of the card.
    pub lang: Lang,
    /// The password, only when the user explicitly asked to include it. Formats that cannot
    /// carry a password ignore it and say so in a warning.
    pub include_password: Option<&'a Password>,
    /// An extra trusted CA certificate (PEM) the account needs (the CLI's `--ca-file`). Formats
    /// that can name a CA file reference it; the others warn. Verification is never turned off.
    pub extra_ca_file: Option<PathBuf>,
    /// The date printed on cards; `None` means now. Tests fix it.
    pub generated_at: Option<jiff::Timestamp>,
    /// Makes the random UUIDs (mobileconfig, k9s) reproducible; `None` means fresh random ones.
    pub uuid_seed: Option<u64>,
}

/// One produced file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// File name, no directories (e.g. `user.js`, `3f…-identity.source`).
    pub name: String,
    pub bytes: Vec<u8>,
    pub mime_type: &'static str,
    /// Unix permissions to create it with: 0o600 for files some tools insist be private, 0o700 for scripts.
    pub unix_mode: u32,
}

impl ExportFile {
    fn text(name: impl Into<String>, text: String, mime_type: &'static str) -> Self {
        ExportFile { name: name.into(), bytes: text.into_bytes(), mime_type, unix_mode: 0o644 }
    }

    /// Writes the file to `path` with its permissions set before any content is written (some
    /// tools refuse configs that others can read), and syncs it to disk.
    pub fn write_to(&self, path: &std::path::Path) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(self.unix_mode);
        }
        let mut handle = options.open(path)?;
        // NOTE: `mode` applies only to a new file; an existing one gets its mode here.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            handle.set_permissions(std::fs::Permissions::from_mode(self.unix_mode))?;
        }
        handle.write_all(&self.bytes)?;
        handle.sync_all()
    }

    /// The content as text, when it is UTF-8.
    pub fn as_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }
}

/// The result of one export: the files and everything the user should be told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOutput {
    pub files: Vec<ExportFile>,
    /// Limitations of the format for this account, plus warnings caused by the options
    /// (password included or ignored, CA file referenced or not carried).
    pub warnings: Vec<Warning>,
}

/// How serious a warning is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing is less safe.
    Info,
    /// The export works, but something is weaker or must be done by hand.
    Caution,
    /// A secret is in the output or security is weaker than the account's.
    Danger,
}

/// Something the user must be told about an export, localized on demand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Stable id; the text is the Fluent message `export-warning-<id>`.
    pub id: &'static str,
    pub severity: Severity,
    args: Vec<(&'static str, String)>,
}

impl Warning {
    fn new(id: &'static str, severity: Severity) -> Self {
        Warning { id, severity, args: vec![] }
    }

    fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The warning in `lang`, one or two sentences.
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = self
            .args
            .iter()
            .map(|(name, value)| {
                // A `format` argument holds a format id; people read the format's name.
                let value = match *name {
                    "format" => by_id(value).map(|e| e.display_name(lang)).unwrap_or_else(|| value.clone()),
                    _ => value.clone(),
                };
                (*name, FluentValue::from(value))
            })
            .collect();
        tr_args(lang, &format!("export-warning-{}", self.id), &args)
    }
}

/// Why a format cannot be produced for this account. Each variant has a plain-language text
/// (`export-error-<id>`, see [`ExportError::message`]).
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExportError {
    #[error("{format} cannot use {protocol}")]
    UnsupportedProtocol { format: &'static str, protocol: Protocol },
    #[error("{format} cannot express {security} for {protocol} without risking an unencrypted password")]
    SecurityNotExpressible { format: &'static str, protocol: Protocol, security: Security },
    #[error("{format} cannot express the {auth} sign-in for {protocol}")]
    AuthNotExpressible { format: &'static str, protocol: Protocol, auth: AuthMethod },
    #[error("{format} needs an address in plain ASCII letters before the @ sign")]
    NonAsciiLocalPart { format: &'static str, email: String },
    #[error("the {field} contains characters this export cannot carry safely")]
    InvalidValue { field: &'static str },
    #[error("{format}: the settings are too long for one QR code ({bytes} bytes)")]
    TooLarge { format: &'static str, bytes: usize },
    #[error("{format}: could not write the file: {detail}")]
    Render { format: &'static str, detail: String },
}

impl ExportError {
    /// Stable id (`unsupported-protocol`, `security-not-expressible`, …).
    pub fn id(&self) -> &'static str {
        match self {
            ExportError::UnsupportedProtocol { .. } => "unsupported-protocol",
            ExportError::SecurityNotExpressible { .. } => "security-not-expressible",
            ExportError::AuthNotExpressible { .. } => "auth-not-expressible",
            ExportError::NonAsciiLocalPart { .. } => "non-ascii-local-part",
            ExportError::InvalidValue { .. } => "invalid-value",
            ExportError::TooLarge { .. } => "too-large",
            ExportError::Render { .. } => "render",
        }
    }

    /// What went wrong and what to do instead, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let name = |format: &str| by_id(format).map(|e| e.display_name(lang)).unwrap_or_else(|| format.to_string());
        let id = format!("export-error-{}", self.id());
        match self {
            ExportError::UnsupportedProtocol { format, protocol } => {
                tr_args(lang, &id, &[("format", name(format).into()), ("protocol", protocol.label().into())])
            }
            ExportError::SecurityNotExpressible { format, protocol, security } => tr_args(
                lang,
                &id,
                &[
                    ("format", name(format).into()),
                    ("protocol", protocol.label().into()),
                    ("security", tr(lang, &format!("export-security-short-{}", security.as_str())).into()),
                ],
            ),
            ExportError::AuthNotExpressible { format, protocol, auth } => tr_args(
                lang,
                &id,
                &[
                    ("format", name(format).into()),
                    ("protocol", protocol.label().into()),
                    ("auth", auth_label(*auth, lang).into()),
                ],
            ),
            ExportError::NonAsciiLocalPart { format, email } => {
                tr_args(lang, &id, &[("format", name(format).into()), ("email", email.as_str().into())])
            }
            ExportError::InvalidValue { field } => {
                tr_args(lang, &id, &[("field", tr(lang, &format!("export-field-{field}")).into())])
            }
            ExportError::TooLarge { format, bytes } => {
                tr_args(lang, &id, &[("format", name(format).into()), ("bytes", (*bytes as i64).into())])
            }
            ExportError::Render { format, detail } => {
                tr_args(lang, &id, &[("format", name(format).into()), ("detail", detail.as_str().into())])
            }
        }
    }
}

/// What a format is, as data: its id, who it is for, how its file is named and typed, which
/// servers it covers and what it can carry. Each format declares one `const META: FormatMeta`
/// and returns it from [`Exporter::meta`]; the trait's provided methods read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatMeta {
    /// The `--format` value (`thunderbird`, `msmtp`, …); also the prefix of the format's Fluent ids.
    pub id: &'static str,
    /// Who the format is for.
    pub audience: Audience,
    /// The suggested file name (for multi-file formats: the folder name).
    pub file_name: FileName,
    /// The file name extension without the dot (`js`, `xml`, `mobileconfig`; empty for dotfiles).
    pub extension: &'static str,
    /// The MIME type of the (main) file.
    pub mime_type: &'static str,
    /// Which of the account's servers the format configures.
    pub covers: Covers,
    /// What the produced file is and what it can carry.
    pub file: FileTraits,
}

/// How a format names its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileName {
    /// Always this name (`user.js`, `.mbsyncrc`).
    Fixed(&'static str),
    /// `<prefix><slug><suffix>` for the account's address (`jane-example-com.k9s`), so files of
    /// different accounts do not overwrite each other; `fallback` when the address does not parse.
    PerAddress { prefix: &'static str, suffix: &'static str, fallback: &'static str },
}

impl FileName {
    /// The name for this account.
    pub fn for_account(self, account: &Account) -> String {
        match self {
            FileName::Fixed(name) => name.to_string(),
            FileName::PerAddress { prefix, suffix, fallback } => match EmailAddress::parse(&account.email) {
                Ok(email) => format!("{prefix}{}{suffix}", slug(&email)),
                Err(_) => fallback.to_string(),
            },
        }
    }
}

/// Which of the account's two servers a format configures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Covers {
    /// Receiving and sending.
    Both,
    /// Only the incoming server (a mail fetcher); the user is told with a `receiving-only` warning.
    ReceivingOnly,
    /// Only the outgoing server (a sendmail replacement); told with a `sending-only` warning.
    SendingOnly,
}

/// What a format's file is and what it can carry besides the settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileTraits {
    /// Unix permissions to create the file(s) with.
    pub unix_mode: u32,
    /// True when the output is not text (it cannot go to a terminal).
    pub is_binary: bool,
    /// True when the format produces several files (written into a folder).
    pub is_multi_file: bool,
    /// True when the format can carry the password if the user asks ([`ExportOptions::include_password`]).
    pub carries_password: bool,
    /// True when the format can name an extra CA file ([`ExportOptions::extra_ca_file`]).
    pub carries_ca_file: bool,
}

impl FileTraits {
    /// One text file anybody may read, carrying nothing but the settings.
    pub const PUBLIC: FileTraits = FileTraits {
        unix_mode: 0o644,
        is_binary: false,
        is_multi_file: false,
        carries_password: false,
        carries_ca_file: false,
    };
    /// [`FileTraits::PUBLIC`], but only for its owner (0600): some tools refuse configs that
    /// others can read, and a config that runs a password command is nobody else's business.
    pub const PRIVATE: FileTraits = FileTraits { unix_mode: 0o600, ..FileTraits::PUBLIC };
    /// A shell script for its owner (0700).
    pub const SCRIPT: FileTraits = FileTraits { unix_mode: 0o700, ..FileTraits::PUBLIC };
}

impl FormatMeta {
    /// The format's one file for this export: its name, MIME type and permissions from here.
    fn file(&self, ctx: &Context<'_>, bytes: impl Into<Vec<u8>>) -> ExportFile {
        ExportFile {
            name: self.file_name.for_account(ctx.account),
            bytes: bytes.into(),
            mime_type: self.mime_type,
            unix_mode: self.file.unix_mode,
        }
    }
}

/// One export format. Implementors declare what the format is ([`Exporter::meta`]) and render
/// it ([`Exporter::render`]); names, instructions and the export pipeline come from the provided
/// methods.
pub trait Exporter: Sync {
    /// What the format is (see [`FormatMeta`]).
    fn meta(&self) -> &'static FormatMeta;

    /// The `--format` value (`thunderbird`, `msmtp`, …); also the prefix of the format's Fluent ids.
    fn id(&self) -> &'static str {
        self.meta().id
    }

    /// Who the format is for.
    fn audience(&self) -> Audience {
        self.meta().audience
    }

    /// The suggested file name for this account (for multi-file formats: the folder name).
    fn file_name(&self, account: &Account) -> String {
        self.meta().file_name.for_account(account)
    }

    /// The file name extension without the dot (`js`, `xml`, `mobileconfig`; empty for dotfiles).
    fn extension(&self) -> &'static str {
        self.meta().extension
    }

    /// The MIME type of the (main) file.
    fn mime_type(&self) -> &'static str {
        self.meta().mime_type
    }

    /// True when the output is not text (it cannot go to a terminal).
    fn is_binary(&self) -> bool {
        self.meta().file.is_binary
    }

    /// True when the format produces several files (written into a folder).
    fn is_multi_file(&self) -> bool {
        self.meta().file.is_multi_file
    }

    /// True when the format can carry the password if the user asks ([`ExportOptions::include_password`]).
    fn carries_password(&self) -> bool {
        self.meta().file.carries_password
    }

    /// True when the format can name an extra CA file ([`ExportOptions::extra_ca_file`]).
    fn carries_ca_file(&self) -> bool {
        self.meta().file.carries_ca_file
    }

    /// Settings of this account the format cannot express (format-specific part of [`Exporter::limitations`]).
    fn cannot_express(&self, _account: &Account) -> Vec<Warning> {
        vec![]
    }

    /// Produces the files. Called by [`Exporter::export`] after the account's values were checked.
    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError>;

    /// The format's name in `lang` ("Thunderbird (user.js)").
    fn display_name(&self, lang: Lang) -> String {
        tr(lang, &format!("export-{}-name", self.id()))
    }

    /// One line saying what the format is for (used by `--list-formats` and as a button tooltip).
    fn summary(&self, lang: Lang) -> String {
        tr(lang, &format!("export-{}-summary", self.id()))
    }

    /// One paragraph: what the user does with the file.
    fn instructions(&self, account: &Account, lang: Lang) -> String {
        let parsed = EmailAddress::parse(&account.email).ok();
        let domain = parsed.as_ref().map(|e| e.domain().to_string()).unwrap_or_else(|| account.email.clone());
        let label = parsed.as_ref().map(slug).unwrap_or_default();
        tr_args(
            lang,
            &format!("export-{}-instructions", self.id()),
            &[
                ("file", self.file_name(account).into()),
                ("email", account.email.as_str().into()),
                ("domain", domain.into()),
                ("account", label.into()),
            ],
        )
    }

    /// Everything about this account the format cannot express, localized on demand.
    fn limitations(&self, account: &Account) -> Vec<Warning> {
        let mut warnings = vec![];
        for server in account.servers() {
            if server.pinned_cert_sha256.is_some() {
                warnings.push(
                    Warning::new("pinned-cert-not-carried", Severity::Caution)
                        .arg("format", self.id())
                        .arg("host", server.host.as_str()),
                );
            }
        }
        // DESIGN.md: `none` is allowed when the user chose it, and always shown as unsafe.
        let covered = |server: &Server| match self.meta().covers {
            Covers::Both => true,
            Covers::ReceivingOnly => server.protocol.is_incoming(),
            Covers::SendingOnly => !server.protocol.is_incoming(),
        };
        for server in account.servers().into_iter().filter(|s| s.security == Security::None && covered(s)) {
            warnings.push(
                Warning::new("unencrypted", Severity::Danger)
                    .arg("protocol", server.protocol.label())
                    .arg("host", server.host.as_str()),
            );
        }
        match self.meta().covers {
            Covers::Both => {}
            Covers::ReceivingOnly => {
                warnings.push(Warning::new("receiving-only", Severity::Info).arg("format", self.id()))
            }
            Covers::SendingOnly => warnings.push(Warning::new("sending-only", Severity::Info).arg("format", self.id())),
        }
        warnings.extend(self.cannot_express(account));
        warnings
    }

    /// Exports the account: checks its values, renders the files and collects the warnings.
    fn export(&self, account: &Account, options: &ExportOptions<'_>) -> Result<ExportOutput, ExportError> {
        let ctx = Context::new(account, options)?;
        let files = self.render(&ctx)?;
        let mut warnings = self.limitations(account);
        if options.include_password.is_some() {
            if self.carries_password() {
                warnings.push(Warning::new("password-included", Severity::Danger));
            } else {
                warnings.push(Warning::new("password-not-included", Severity::Info).arg("format", self.id()));
            }
        }
        if let Some(ca) = &options.extra_ca_file {
            if self.carries_ca_file() {
                warnings.push(Warning::new("ca-file-referenced", Severity::Info).arg("path", ca.display().to_string()));
            } else {
                warnings.push(Warning::new("ca-file-not-carried", Severity::Caution).arg("format", self.id()));
            }
        }
        Ok(ExportOutput { files, warnings })
    }
}

/// Everything a renderer needs: the account, its parsed address and the options.
pub struct Context<'a> {
    pub account: &'a Account,
    pub email: EmailAddress,
    pub options: &'a ExportOptions<'a>,
}

impl<'a> Context<'a> {
    /// Checks the account's values once for all formats: a parsable address, and no control
    /// characters anywhere (they would let a value break out of its line in most formats).
    pub fn new(account: &'a Account, options: &'a ExportOptions<'a>) -> Result<Self, ExportError> {
        let email = EmailAddress::parse(&account.email).map_err(|_| ExportError::InvalidValue { field: "email" })?;
        let fields: [(&'static str, &str); 5] = [
            ("display-name", &account.display_name),
            ("incoming-username", &account.incoming.username),
            ("outgoing-username", &account.outgoing.username),
            ("incoming-host", &account.incoming.host),
            ("outgoing-host", &account.outgoing.host),
        ];
        for (field, value) in fields {
            if value.chars().any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}') {
                return Err(ExportError::InvalidValue { field });
            }
        }
        for (field, server) in [("incoming-host", &account.incoming), ("outgoing-host", &account.outgoing)] {
            if server.host.is_empty() || !server.host.is_ascii() || server.host.contains(char::is_whitespace) {
                return Err(ExportError::InvalidValue { field });
            }
        }
        if !account.incoming.protocol.is_incoming() || account.outgoing.protocol != Protocol::Smtp {
            return Err(ExportError::InvalidValue { field: "protocol" });
        }
        Ok(Context { account, email, options })
    }

    /// The language of comments and cards.
    pub fn lang(&self) -> Lang {
        self.options.lang
    }

    /// The address for the network: the domain in punycode.
    pub fn email_ascii(&self) -> String {
        self.email.to_ascii_string()
    }

    /// The sender name (may be empty).
    pub fn display_name(&self) -> &str {
        self.account.display_name.trim()
    }

    /// The incoming server.
    pub fn incoming(&self) -> &Server {
        &self.account.incoming
    }

    /// The outgoing server.
    pub fn outgoing(&self) -> &Server {
        &self.account.outgoing
    }

    /// The provider's name when the account belongs to a bundled provider, else the domain.
    pub fn provider_name(&self) -> String {
        self.account
            .provider_id
            .as_deref()
            .and_then(presets::by_id)
            .map(|p| p.display_name(self.lang()).to_string())
            .unwrap_or_else(|| self.email.domain_unicode().to_string())
    }

    /// A short name made of `[a-z0-9-]` for account labels, identifiers and file names
    /// (`jane-example-com`); non-ASCII letters become `u<hex>` so different addresses stay different.
    pub fn slug(&self) -> String {
        slug(&self.email)
    }

    /// The `N`-th UUID of this export: random, or derived from [`ExportOptions::uuid_seed`].
    pub fn uuid(&self, n: u8) -> uuid::Uuid {
        match self.options.uuid_seed {
            Some(seed) => {
                use sha2::Digest;
                let digest = sha2::Sha256::new().chain_update(seed.to_le_bytes()).chain_update([n]).finalize();
                let mut bytes = [0u8; 16];
                bytes.copy_from_slice(&digest[..16]);
                uuid::Builder::from_random_bytes(bytes).into_uuid()
            }
            None => uuid::Uuid::new_v4(),
        }
    }

    /// The date shown on cards (`YYYY-MM-DD`, UTC).
    pub fn date(&self) -> String {
        let at = self.options.generated_at.unwrap_or_else(jiff::Timestamp::now);
        at.strftime("%Y-%m-%d").to_string()
    }

    /// The extra CA file as text, when one was given.
    pub fn ca_file(&self) -> Option<String> {
        self.options.extra_ca_file.as_ref().map(|p| p.display().to_string())
    }

    /// A localized line for comments inside files (no user values except the sanitized address).
    pub fn comment_line(&self, id: &str) -> String {
        let args = [("email", self.email.to_display_string().into()), ("account", self.slug().into())];
        escape::comment(&tr_args(self.lang(), id, &args))
    }

    /// Localized comment lines: each message wrapped at 90 columns, every line starting with
    /// `prefix` (`#`, `//`, `;`), ending with a newline.
    pub fn comment_block(&self, ids: &[&str], prefix: &str) -> String {
        self.comment_block_in(self.lang(), ids, prefix)
    }

    /// [`Context::comment_block`] in a given language (for formats that must stay ASCII).
    pub fn comment_block_in(&self, lang: Lang, ids: &[&str], prefix: &str) -> String {
        let mut out = String::new();
        for id in ids {
            let args = [("email", self.email.to_display_string().into()), ("account", self.slug().into())];
            let text = escape::comment(&tr_args(lang, id, &args));
            out.push_str(&wrap_words(&text, 90, &format!("{prefix} ")));
        }
        out
    }

    /// The comment lines a command-line config starts with: who wrote it, that the password comes
    /// from mailsetup's keyring entry, then the format's own `notes` (Fluent ids).
    pub fn keyring_comment_block(&self, notes: &[&str]) -> String {
        let mut ids = vec!["export-comment-generated", "export-comment-keyring"];
        ids.extend_from_slice(notes);
        self.comment_block(&ids, "#")
    }

    /// The shell command that prints this server's password from the keyring.
    pub fn password_command(&self, server: &Server) -> String {
        crate::engine::secrets::secret_tool_lookup_command(server)
    }

    /// `Jane Doe <jane@example.com>` (RFC 5322, the name quoted when needed), or the bare address.
    pub fn mailbox(&self) -> String {
        escape::mailbox(self.display_name(), &self.email_ascii())
    }
}

/// `text` wrapped at word boundaries so that no line holds more than `width` characters after
/// `indent`, which starts every line; every line ends with a newline. A word longer than `width`
/// stands on a line of its own.
fn wrap_words(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&format!("{indent}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out
}

/// See [`Context::slug`].
pub fn slug(email: &EmailAddress) -> String {
    let mut out = String::new();
    for c in email.to_ascii_string().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(&format!("u{:x}", c as u32));
        }
    }
    out.trim_matches('-').to_string()
}

/// The security in plain words for people (`SSL/TLS`, `STARTTLS`, `none (unencrypted)`).
pub fn security_label(security: Security, lang: Lang) -> String {
    tr(lang, &format!("export-security-{}", security.as_str()))
}

/// The sign-in method in plain words.
pub fn auth_label(auth: AuthMethod, lang: Lang) -> String {
    tr(lang, &format!("export-auth-{}", auth.as_str()))
}

fn unsupported_protocol(format: &'static str, server: &Server) -> ExportError {
    ExportError::UnsupportedProtocol { format, protocol: server.protocol }
}

/// Refuses anything but a normal password login on `server`, for formats that can say nothing else.
fn require_password_login(format: &'static str, server: &Server) -> Result<(), ExportError> {
    match server.auth {
        AuthMethod::Password => Ok(()),
        _ => Err(auth_not_expressible(format, server)),
    }
}

fn security_not_expressible(format: &'static str, server: &Server) -> ExportError {
    ExportError::SecurityNotExpressible { format, protocol: server.protocol, security: server.security }
}

fn auth_not_expressible(format: &'static str, server: &Server) -> ExportError {
    ExportError::AuthNotExpressible { format, protocol: server.protocol, auth: server.auth }
}

#[cfg(test)]
mod tests;
