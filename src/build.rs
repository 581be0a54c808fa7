//! Embeds the provider presets (`presets/*.json`) and the translations (`assets/i18n/<lang>/*.ftl`)
//! into the binary, so a new provider or a new translation file is one new file and no code change.
//! For Windows targets it also embeds the app icon into the .exe.

#![allow(clippy::expect_used)] // a build script reports problems by failing the build

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    println!("cargo:rerun-if-changed=src/build.rs");
    println!("cargo:rerun-if-changed=presets");
    println!("cargo:rerun-if-changed=assets/i18n");

    let mut out = String::new();
    out.push_str("/// Every `presets/*.json` file: (file name, contents), sorted by name.\n");
    out.push_str("pub static PRESET_FILES: &[(&str, &str)] = &[\n");
    for path in sorted_files(&root.join("presets"), "json") {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        writeln!(out, "    ({name:?}, include_str!({:?})),", path.display()).ok();
    }
    out.push_str("];\n\n");

    out.push_str("/// Every `assets/i18n/<lang>/*.ftl` file: (lang, file name, contents), sorted.\n");
    out.push_str("pub static FTL_FILES: &[(&str, &str, &str)] = &[\n");
    for lang in ["en", "ru"] {
        for path in sorted_files(&root.join("assets/i18n").join(lang), "ftl") {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            writeln!(out, "    ({lang:?}, {name:?}, include_str!({:?})),", path.display()).ok();
        }
    }
    out.push_str("];\n");

    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("embedded_assets.rs"), out).expect("write embedded_assets.rs");

    embed_windows_icon(root);
}

/// Windows targets only: puts the app icon and a short product name into the .exe's resources,
/// so Explorer, the Start menu and the taskbar show them. Needs a resource compiler: mingw-w64's
/// windres when cross-compiling (Debian: gcc-mingw-w64-x86-64), rc.exe from the Windows SDK with MSVC.
fn embed_windows_icon(root: &Path) {
    // NOTE: a build script runs on the host, so `cfg!(windows)` would describe the wrong machine.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let icon = root.join("assets/icons/io.github.mailsetup.MailSetup.ico");
    println!("cargo:rerun-if-changed={}", icon.display());
    let mut resources = winresource::WindowsResource::new();
    resources.set_icon(&icon.to_string_lossy());
    resources.set("ProductName", "Mail Setup");
    resources.set("FileDescription", "Mail Setup");
    resources.compile().expect("compile the Windows resources (needs windres from mingw-w64, or rc.exe)");
}

fn sorted_files(dir: &Path, extension: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(extension))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
