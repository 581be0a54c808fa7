//! `thunderbird-qr`: the Thunderbird "Export for Mobile" QR code, payload format v1
//! (discovery.md §2, exports.md §1d), which Thunderbird for Android scans during onboarding.
//! Produces a PNG and an SVG; the GUI draws the same code from [`matrix`].
//!
//! Writer rules honoured: host names and email addresses are ASCII (IDN domains in punycode);
//! an address with a non-ASCII local part is refused (Thunderbird refuses to export it too and
//! the phone would reject it); no line breaks anywhere; byte mode, error correction level L.
//! The password is included only when the user explicitly asked (then with a warning); this is
//! the one format that can carry it, because the code is shown on screen and never stored.

use super::thunderbird::socket_type;
use super::{
    Audience, Context, Covers, ExportError, ExportFile, Exporter, FileName, FileTraits, FormatMeta, Severity, Warning,
    auth_not_expressible,
};
use crate::engine::account::{Account, AuthMethod, Protocol, Server};
use crate::engine::email_address::EmailAddress;
use crate::engine::secrets::Password;
use qrcode::bits::Bits;
use qrcode::{EcLevel, QrCode, Version};
use serde_json::{Value, json};

/// Thunderbird for Android QR code.
pub struct ThunderbirdQr;

const META: FormatMeta = FormatMeta {
    id: "thunderbird-qr",
    audience: Audience::Phone,
    file_name: FileName::PerAddress { prefix: "", suffix: "-thunderbird-qr", fallback: "thunderbird-qr" },
    extension: "png",
    mime_type: "image/png",
    covers: Covers::Both,
    file: FileTraits { is_binary: true, is_multi_file: true, carries_password: true, ..FileTraits::PRIVATE },
};

/// Thunderbird desktop logs a warning above this many characters per code: denser codes are
/// hard to scan from a screen.
pub const COMFORTABLE_PAYLOAD_CHARS: usize = 800;

/// Pixels per QR module in the PNG.
const PNG_MODULE_PIXELS: u32 = 8;

/// authType: 0 none, 1 cleartext password, 2 encrypted password, 6 OAuth2.
fn auth_type(server: &Server) -> Result<u8, ExportError> {
    match server.auth {
        AuthMethod::None if server.protocol == Protocol::Smtp => Ok(0),
        AuthMethod::None => Err(auth_not_expressible("thunderbird-qr", server)),
        AuthMethod::Password => Ok(1),
        AuthMethod::EncryptedPassword => Ok(2),
        AuthMethod::Oauth2 => Ok(6),
    }
}

fn password_for(server: &Server, password: Option<&Password>) -> String {
    match password {
        Some(p) if server.auth.uses_password() => p.expose().to_string(),
        _ => String::new(),
    }
}

/// The payload text for this account (`[1,[1,1],[incoming…],[[[smtp…],[email,name]]]]`).
/// `password` is `Some` only when the user explicitly asked for it to be included.
pub fn payload(account: &Account, password: Option<&Password>) -> Result<String, ExportError> {
    let email = EmailAddress::parse(&account.email).map_err(|_| ExportError::InvalidValue { field: "email" })?;
    if !email.local_part_is_ascii() {
        return Err(ExportError::NonAsciiLocalPart { format: "thunderbird-qr", email: email.to_display_string() });
    }
    let email_ascii = email.to_ascii_string();
    let incoming = &account.incoming;
    let outgoing = &account.outgoing;
    let incoming_protocol = match incoming.protocol {
        Protocol::Imap => 0,
        Protocol::Pop3 => 1,
        Protocol::Smtp => return Err(ExportError::InvalidValue { field: "protocol" }),
    };
    for (field, server) in [("incoming-host", incoming), ("outgoing-host", outgoing)] {
        if !server.host.is_ascii() {
            return Err(ExportError::InvalidValue { field });
        }
    }
    let incoming_json: Value = json!([
        incoming_protocol,
        incoming.host,
        incoming.port,
        socket_type(incoming.security),
        auth_type(incoming)?,
        incoming.username,
        email_ascii,
        password_for(incoming, password),
    ]);
    let outgoing_json: Value = json!([
        0,
        outgoing.host,
        outgoing.port,
        socket_type(outgoing.security),
        auth_type(outgoing)?,
        outgoing.username,
        password_for(outgoing, password),
    ]);
    let identity: Value = json!([email_ascii, account.display_name.trim()]);
    let payload: Value = json!([1, [1, 1], incoming_json, [[outgoing_json, identity]]]);
    let text = payload.to_string();
    if text.contains(['\n', '\r']) {
        return Err(ExportError::InvalidValue { field: "display-name" });
    }
    Ok(text)
}

/// A QR code as a square of modules, for drawing on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side (without a quiet zone; leave 4 light modules around it when drawing).
    pub width: usize,
    /// Row-major, `true` = dark; `width * width` entries.
    pub dark: Vec<bool>,
}

impl QrMatrix {
    /// True when the module at column `x`, row `y` is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }
}

/// Encodes the payload as one byte-mode segment at error correction level L, in the smallest
/// version that holds it (what Thunderbird desktop does).
fn encode(payload: &str) -> Result<QrCode, ExportError> {
    let data = payload.as_bytes();
    for number in 1..=40 {
        let mut bits = Bits::new(Version::Normal(number));
        if bits.push_byte_data(data).is_err() || bits.push_terminator(EcLevel::L).is_err() {
            continue;
        }
        return QrCode::with_bits(bits, EcLevel::L)
            .map_err(|e| ExportError::Render { format: "thunderbird-qr", detail: e.to_string() });
    }
    Err(ExportError::TooLarge { format: "thunderbird-qr", bytes: data.len() })
}

/// The module matrix of the QR code for `payload`.
pub fn matrix(payload: &str) -> Result<QrMatrix, ExportError> {
    let code = encode(payload)?;
    let width = code.width();
    let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    Ok(QrMatrix { width, dark })
}

/// The QR code for `payload` as an SVG document.
pub fn svg(payload: &str) -> Result<String, ExportError> {
    let code = encode(payload)?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(320, 320)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .quiet_zone(true)
        .build())
}

/// The QR code for `payload` as a PNG image (black on white, 8 pixels per module).
pub fn png(payload: &str) -> Result<Vec<u8>, ExportError> {
    let code = encode(payload)?;
    let image = code
        .render::<image::Luma<u8>>()
        .module_dimensions(PNG_MODULE_PIXELS, PNG_MODULE_PIXELS)
        .quiet_zone(true)
        .build();
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .map_err(|e| ExportError::Render { format: "thunderbird-qr", detail: e.to_string() })?;
    Ok(bytes.into_inner())
}

impl Exporter for ThunderbirdQr {
    fn meta(&self) -> &'static FormatMeta {
        &META
    }

    fn cannot_express(&self, account: &Account) -> Vec<Warning> {
        match payload(account, None) {
            Ok(text) if text.chars().count() > COMFORTABLE_PAYLOAD_CHARS => {
                vec![Warning::new("qr-dense", Severity::Caution)]
            }
            _ => vec![],
        }
    }

    fn render(&self, ctx: &Context<'_>) -> Result<Vec<ExportFile>, ExportError> {
        let text = payload(ctx.account, ctx.options.include_password)?;
        let base = self.file_name(ctx.account);
        let mode = META.file.unix_mode;
        let png =
            ExportFile { name: format!("{base}.png"), bytes: png(&text)?, mime_type: "image/png", unix_mode: mode };
        let svg = ExportFile {
            name: format!("{base}.svg"),
            bytes: svg(&text)?.into(),
            mime_type: "image/svg+xml",
            unix_mode: mode,
        };
        Ok(vec![png, svg])
    }
}
