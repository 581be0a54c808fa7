#!/usr/bin/env bash
# Assembles "Mail Setup.app" from a mailsetup binary built for macOS:
#
#   cargo build --release --target aarch64-apple-darwin      (or x86_64-apple-darwin, or a
#                                                             universal binary made with lipo)
#   packaging/macos/make-app.sh target/aarch64-apple-darwin/release/mailsetup dist/
#
# Result: <out-dir>/Mail Setup.app with Contents/Info.plist, Contents/PkgInfo,
# Contents/MacOS/mailsetup, Contents/Resources/<app id>.icns and the en/ru localized names.
# The binary must be a Mach-O file: a Linux or Windows binary is refused, so a wrong path cannot
# produce a bundle that only fails on the user's Mac. On macOS the bundle is signed ad hoc
# (codesign -s -), which Apple silicon needs to run it; distribution needs a real identity and
# notarization, which are out of scope here.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP_ID=io.github.mailsetup.MailSetup
die() { printf 'make-app.sh: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: make-app.sh <path-to-macOS-binary> <out-dir>"
binary=$1
out_dir=$2
[[ -f $binary ]] || die "no such binary: $binary"

# NOTE: Mach-O magic numbers as the first four bytes: cffaedfe / cefaedfe (64/32-bit, little
# endian), feedfacf / feedface (big endian), cafebabe (universal "fat" binary).
magic=$(od -An -tx1 -N4 "$binary" | tr -d ' \n')
case $magic in
  cffaedfe | cefaedfe | feedfacf | feedface | cafebabe) ;;
  *) die "$binary is not a macOS (Mach-O) binary (starts with $magic); build it with --target aarch64-apple-darwin or x86_64-apple-darwin" ;;
esac

app="$out_dir/Mail Setup.app"
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
cp "$HERE/Info.plist" "$app/Contents/Info.plist"
printf 'APPL????' > "$app/Contents/PkgInfo"
install -m 0755 "$binary" "$app/Contents/MacOS/mailsetup"
cp "$ROOT/assets/icons/$APP_ID.icns" "$app/Contents/Resources/$APP_ID.icns"
for lang in en ru; do
  mkdir -p "$app/Contents/Resources/$lang.lproj"
  strings_file="$app/Contents/Resources/$lang.lproj/InfoPlist.strings"
  if command -v plutil >/dev/null; then        # macOS
    plutil -convert binary1 -o "$strings_file" "$HERE/$lang.lproj/InfoPlist.strings"
  elif command -v plistutil >/dev/null; then   # libplist (Linux)
    plistutil -i "$HERE/$lang.lproj/InfoPlist.strings" -f bin -o "$strings_file"
  else                                         # XML is a valid .strings format as well
    cp "$HERE/$lang.lproj/InfoPlist.strings" "$strings_file"
  fi
  [[ -s $strings_file ]] || die "could not write $strings_file"
done

if command -v codesign >/dev/null; then
  codesign --force --sign - "$app"
fi
echo "$app"
