#!/usr/bin/env bash
# Packaging checks: the app's identity (id, names, icon) is the same everywhere, and each
# platform's package definition is valid by that platform's own tool.
#
# Usage:
#   tests/packaging.sh [--fast]  validation only, no build (tests/run-all.sh runs this):
#                                desktop-file-validate, appstreamcli validate, plistutil on the macOS
#                                plists, icon sizes (ImageMagick identify), the cargo-deb asset list
#                                staged as a file tree, the WiX source, the .app assembly script
#   tests/packaging.sh --full    the fast checks, then the real thing (as root): builds the .deb
#                                with cargo-deb, lintian, installs it, runs /usr/bin/mailsetup
#                                --version, opens its window under Xvfb and screenshots it,
#                                uninstalls it. Slow (a release build); not part of run-all.sh.
#   tests/packaging.sh --windows cross-builds mailsetup.exe for x86_64-pc-windows-gnu, checks the
#                                icon inside it and builds the MSI with wixl. Slow; not in run-all.sh.
#
# Every missing tool is a loud failure that says how to install it; nothing is skipped.
# Output of --full/--windows (the .deb, the screenshot, the MSI) stays in target/packaging/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
APP_ID=io.github.mailsetup.MailSetup
ICON_SIZES=(16 22 24 32 48 64 128 256 512)
ICO_SIZES="16 24 32 48 64 256"
OUT=$ROOT/target/packaging
MODE=${1:---fast}

say() { printf '\n--- %s\n' "$*" >&2; }
ok() { printf '  ok   %s\n' "$*" >&2; }
note() { printf '  note %s\n' "$*" >&2; }
fail() { printf 'packaging.sh: FAIL: %s\n' "$*" >&2; exit 1; }
need() { # need TOOL HOW-TO-INSTALL
  command -v "$1" >/dev/null || fail "$1 is missing: $2"
}
# The value after KEY in an XML plist dict (empty when the key is absent).
plist_value() { xmllint --xpath "string(//dict/key[.='$2']/following-sibling::*[1])" "$1"; }
plist_is_true() { xmllint --xpath "boolean(//dict/key[.='$2']/following-sibling::*[1][self::true])" "$1"; }
desktop_value() { sed -n "s/^$2=//p" "$1" | head -n1; }

case $MODE in --fast | --full | --windows) ;; *) fail "unknown mode $MODE (use --fast, --full or --windows)" ;; esac
mkdir -p "$OUT"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/mailsetup-packaging.XXXXXX")
CLEANUP=("rm -rf '$SCRATCH'")
cleanup() {
  local rc=$? i
  for ((i = ${#CLEANUP[@]} - 1; i >= 0; i--)); do eval "${CLEANUP[i]}" >/dev/null 2>&1 || true; done
  exit $rc
}
trap cleanup EXIT

need python3 "apt-get install python3"
VERSION=$(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["package"]["version"])')

fast_checks() {
  local started=$SECONDS
  need desktop-file-validate "apt-get install desktop-file-utils"
  need appstreamcli "apt-get install appstream"
  need plistutil "apt-get install libplist-utils"
  need xmllint "apt-get install libxml2-utils"
  need identify "apt-get install imagemagick"

  say "one app id everywhere: $APP_ID"
  local desktop=packaging/linux/$APP_ID.desktop metainfo=packaging/linux/$APP_ID.metainfo.xml
  local plist=packaging/macos/Info.plist wxs=packaging/windows/main.wxs
  for f in "$desktop" "$metainfo" "$plist" "$wxs" "assets/icons/$APP_ID.svg" "assets/icons/$APP_ID.ico" "assets/icons/$APP_ID.icns"; do
    [[ -f $f ]] || fail "$f is missing"
  done
  [[ $(desktop_value "$desktop" Icon) == "$APP_ID" ]] || fail "$desktop: Icon= is not $APP_ID"
  [[ $(desktop_value "$desktop" StartupWMClass) == "$APP_ID" ]] || fail "$desktop: StartupWMClass= is not $APP_ID"
  [[ $(desktop_value "$desktop" Exec) == mailsetup ]] || fail "$desktop: Exec= is not mailsetup"
  [[ $(desktop_value "$desktop" 'Name\[ru\]') == "Настройка почты" ]] || fail "$desktop: Name[ru] is not «Настройка почты»"
  [[ $(xmllint --xpath 'string(/component/id)' "$metainfo") == "$APP_ID" ]] || fail "$metainfo: <id> is not $APP_ID"
  [[ $(xmllint --xpath 'string(/component/launchable[@type="desktop-id"])' "$metainfo") == "$APP_ID.desktop" ]] ||
    fail "$metainfo: the launchable is not $APP_ID.desktop"
  [[ $(plist_value "$plist" CFBundleIdentifier) == "$APP_ID" ]] || fail "$plist: CFBundleIdentifier is not $APP_ID"
  grep -q "pub const APP_ID: &str = \"$APP_ID\";" src/ui/mod.rs || fail "src/ui/mod.rs: the window's APP_ID is not $APP_ID"
  grep -q "SourceFile=\"assets/icons/$APP_ID.ico\"" "$wxs" || fail "$wxs: the installer icon is not assets/icons/$APP_ID.ico"
  ok "desktop file name, Icon=, StartupWMClass=, metainfo id and launchable, bundle id, window app id, installer icon"

  say "the version $VERSION from Cargo.toml is the one every package announces"
  [[ $(xmllint --xpath 'string(/component/releases/release[1]/@version)' "$metainfo") == "$VERSION" ]] ||
    fail "$metainfo: the newest <release> is not $VERSION (add a <release> entry)"
  [[ $(plist_value "$plist" CFBundleShortVersionString) == "$VERSION" ]] || fail "$plist: CFBundleShortVersionString is not $VERSION"
  [[ $(plist_value "$plist" CFBundleVersion) == "$VERSION" ]] || fail "$plist: CFBundleVersion is not $VERSION"
  [[ $(head -n1 packaging/linux/changelog) == "mailsetup ($VERSION-1) "* ]] ||
    fail "packaging/linux/changelog: the newest entry is not $VERSION-1 (add an entry)"
  ok "metainfo release, Debian changelog, CFBundleShortVersionString, CFBundleVersion (the MSI takes it from cargo-wix)"

  say "desktop-file-validate $desktop"
  local report
  report=$(desktop-file-validate "$desktop" 2>&1 || true)
  [[ -z $report ]] || printf '%s\n' "$report" >&2
  grep -q ': error: ' <<<"$report" && fail "desktop-file-validate reports errors"
  ok "no errors ($(grep -c ': warning: ' <<<"$report" || true) warnings, $(grep -c ': hint: ' <<<"$report" || true) hints)"

  say "appstreamcli validate --no-net $metainfo"
  report=$(appstreamcli validate --no-net --no-color "$metainfo" 2>&1 || true)
  printf '%s\n' "$report" | sed 's/^/  | /' >&2
  grep -qE '^\s*E: ' <<<"$report" && fail "appstreamcli reports errors"
  grep -qE 'Validation (was successful|failed)' <<<"$report" || fail "appstreamcli gave no verdict"
  ok "no errors (warnings, if any, are listed above)"

  say "icons: assets/icons/hicolor/<size>/apps/$APP_ID.png at every hicolor size, .ico, .icns"
  xmllint --noout "assets/icons/$APP_ID.svg" "assets/icons/$APP_ID-16.svg" || fail "an icon SVG is not well-formed XML"
  local size png dims
  for size in "${ICON_SIZES[@]}"; do
    png=assets/icons/hicolor/${size}x${size}/apps/$APP_ID.png
    [[ -f $png ]] || fail "$png is missing (run assets/icons/render.sh)"
    dims=$(identify -format '%m %w %h' "$png") || fail "$png does not decode"
    [[ $dims == "PNG $size $size" ]] || fail "$png is '$dims', not a ${size}x${size} PNG"
    # A corner pixel must be transparent: the icon sits on the panel, not on a square.
    [[ $(identify -format '%[fx:int(255*p{0,0}.a)]' "$png") == 0 ]] || fail "$png has an opaque corner (no transparency)"
  done
  ok "${#ICON_SIZES[@]} PNGs with the right sizes and transparent corners"
  dims=$(identify -format '%w ' "assets/icons/$APP_ID.ico" | xargs -n1 | sort -n | xargs) ||
    fail "assets/icons/$APP_ID.ico does not decode"
  [[ $dims == "$ICO_SIZES" ]] || fail "assets/icons/$APP_ID.ico holds sizes '$dims', expected '$ICO_SIZES'"
  ok ".ico holds $dims"
  dims=$(python3 - "assets/icons/$APP_ID.icns" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
magic, total = struct.unpack(">4sI", data[:8])
if magic != b"icns" or total != len(data):
    sys.exit("not an icns file, or its length field is wrong")
offset, types = 8, []
while offset < total:
    kind, length = struct.unpack(">4sI", data[offset:offset + 8])
    if length < 8:
        sys.exit("corrupt element " + repr(kind))
    types.append(kind.decode("ascii"))
    offset += length
print(" ".join(sorted(types)))
EOF
) || fail "assets/icons/$APP_ID.icns does not parse"
  # is32/il32/ih32/it32 = 16/32/48/128 px bitmaps (+ masks), ic08/ic09 = 256/512 px PNGs
  [[ $dims == "h8mk ic08 ic09 ih32 il32 is32 it32 l8mk s8mk t8mk" ]] || fail "the .icns holds '$dims'"
  ok ".icns holds 16, 32, 48, 128, 256 and 512 px ($dims)"

  say "cargo-deb asset list, staged as the installed file tree"
  local tree=$SCRATCH/deb-tree
  python3 - "$tree" <<'EOF' || fail "the [package.metadata.deb] asset list is wrong (see above)"
import os, shutil, sys, tomllib
tree = sys.argv[1]
deb = tomllib.load(open("Cargo.toml", "rb"))["package"]["metadata"]["deb"]
problems, listed = [], set()
for source, dest, mode in deb["assets"]:
    if source.startswith("target/release/"):
        continue  # built by cargo deb
    listed.add(source)
    if not os.path.isfile(source):
        problems.append(f"asset {source} does not exist")
        continue
    target = os.path.join(tree, dest + os.path.basename(source) if dest.endswith("/") else dest)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copy(source, target)
for folder, _, files in os.walk("assets/icons/hicolor"):
    for name in files:
        if os.path.join(folder, name) not in listed:
            problems.append(f"{os.path.join(folder, name)} is not in the deb asset list")
for key in ("changelog", ):
    if not os.path.isfile(deb[key]):
        problems.append(f"{key} {deb[key]} does not exist")
if not os.path.isfile(deb["license-file"][0]) or not open(deb["license-file"][0]).read().startswith("Format: "):
    problems.append("license-file is not a Debian-format copyright file")
if "$auto" not in deb.get("depends", ""):
    problems.append("depends lacks $auto")
if "gnome-keyring" not in deb.get("recommends", ""):
    problems.append("recommends lacks a Secret Service provider (gnome-keyring | …)")
for problem in problems:
    print("  " + problem, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
  for size in "${ICON_SIZES[@]}"; do
    [[ -f $tree/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png ]] || fail "the .deb would not install the ${size}px icon"
  done
  for f in usr/share/icons/hicolor/scalable/apps/$APP_ID.svg usr/share/applications/$APP_ID.desktop usr/share/metainfo/$APP_ID.metainfo.xml; do
    [[ -f $tree/$f ]] || fail "the .deb would not install /$f"
  done
  report=$(appstreamcli validate-tree --no-net --no-color "$tree" 2>&1 || true)
  printf '%s\n' "$report" | sed 's/^/  | /' >&2
  grep -qE '^\s*E: |desktop-file-not-found' <<<"$report" && fail "appstreamcli validate-tree finds errors in the staged tree"
  ok "every asset exists; the tree holds the desktop file, the metainfo and the icon at every size"

  say "macOS: plistutil on Info.plist and the localized InfoPlist.strings"
  local f round_trip
  for f in "$plist" packaging/macos/en.lproj/InfoPlist.strings packaging/macos/ru.lproj/InfoPlist.strings; do
    # NOTE: plistutil 2.2 exits 0 even when it cannot parse; an empty output file is the signal.
    round_trip=$SCRATCH/$(basename "$(dirname "$f")")-$(basename "$f")
    plistutil -i "$f" -f bin -o "$round_trip.bin" 2>"$round_trip.err" || true
    [[ -s $round_trip.bin && ! -s $round_trip.err ]] || fail "plistutil cannot read $f: $(cat "$round_trip.err")"
    plistutil -i "$round_trip.bin" -f xml -o "$round_trip.xml"
  done
  round_trip=$SCRATCH/macos-Info.plist.xml
  [[ $(plist_value "$round_trip" CFBundleExecutable) == mailsetup ]] || fail "Info.plist: CFBundleExecutable is not mailsetup"
  [[ -f assets/icons/$(plist_value "$round_trip" CFBundleIconFile) ]] || fail "Info.plist: CFBundleIconFile is not a file in assets/icons"
  [[ -n $(plist_value "$round_trip" LSMinimumSystemVersion) ]] || fail "Info.plist: no LSMinimumSystemVersion"
  [[ $(plist_is_true "$round_trip" NSHighResolutionCapable) == true ]] || fail "Info.plist: NSHighResolutionCapable is not true"
  [[ $(plist_value "$SCRATCH/ru.lproj-InfoPlist.strings.xml" CFBundleDisplayName) == "Настройка почты" ]] ||
    fail "ru.lproj/InfoPlist.strings: CFBundleDisplayName is not «Настройка почты»"
  ok "all three parse; executable, icon, minimum macOS $(plist_value "$round_trip" LSMinimumSystemVersion), Retina, Russian name"

  say "macOS: make-app.sh assembles the bundle and refuses a non-macOS binary"
  printf '\xcf\xfa\xed\xfe\x0c\x00\x00\x01' >"$SCRATCH/mach-o-stub"  # a 64-bit arm64 Mach-O header
  packaging/macos/make-app.sh "$SCRATCH/mach-o-stub" "$SCRATCH/app" >/dev/null
  local app="$SCRATCH/app/Mail Setup.app/Contents"
  for f in Info.plist PkgInfo MacOS/mailsetup "Resources/$APP_ID.icns" Resources/en.lproj/InfoPlist.strings Resources/ru.lproj/InfoPlist.strings; do
    [[ -s $app/$f ]] || fail "make-app.sh left out Contents/$f"
  done
  [[ -x $app/MacOS/mailsetup ]] || fail "make-app.sh: Contents/MacOS/mailsetup is not executable"
  if packaging/macos/make-app.sh /bin/sh "$SCRATCH/app-elf" 2>/dev/null; then fail "make-app.sh accepted a Linux binary"; fi
  ok "Mail Setup.app/Contents holds Info.plist, PkgInfo, MacOS/mailsetup, the .icns and en/ru names"

  say "Windows: the WiX source"
  xmllint --noout "$wxs" || fail "$wxs is not well-formed XML"
  [[ $(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["package"]["metadata"]["wix"]["include"][0])') == "$wxs" ]] ||
    fail "Cargo.toml [package.metadata.wix] include does not name $wxs"
  [[ $(xmllint --xpath 'string(//*[local-name()="Shortcut"]/@Name)' "$wxs") == "Mail Setup" ]] || fail "$wxs: no Start-menu shortcut named Mail Setup"
  [[ $(xmllint --xpath 'string(//*[local-name()="Directory"][@Id="ProgramMenuFolder"]/@Id)' "$wxs") == ProgramMenuFolder ]] ||
    fail "$wxs: the shortcut is not in the Start menu"
  ok "well-formed; cargo-wix finds it; Start-menu shortcut with the app icon (--windows builds the MSI)"
  note "fast checks took $((SECONDS - started)) s"
}

full_checks() {
  local started=$SECONDS
  [[ $(id -u) -eq 0 ]] || fail "--full installs the .deb with dpkg: run it as root"
  command -v cargo-deb >/dev/null ||
    fail "cargo-deb is missing: install it with 'cargo install cargo-deb' (about a minute), then run tests/packaging.sh --full again"
  need lintian "apt-get install lintian"
  need Xvfb "apt-get install xvfb"
  need xdotool "apt-get install xdotool"
  need xprop "apt-get install x11-utils"
  need xdpyinfo "apt-get install x11-utils"
  need import "apt-get install imagemagick"
  need strings "apt-get install binutils"

  say "cargo deb (release build, then the package)"
  local deb
  deb=$(cargo deb --output "$OUT/" 2> >(tail -n 3 >&2) | tail -n1)
  [[ -f $deb ]] || fail "cargo deb did not produce a package"
  local deb_kib binary_kib
  deb_kib=$(($(stat -c %s "$deb") / 1024))
  binary_kib=$(($(stat -c %s target/release/mailsetup) / 1024))
  ok "$(basename "$deb"): $deb_kib KiB; target/release/mailsetup: $binary_kib KiB"
  ((binary_kib <= 20 * 1024)) || fail "the release binary is $binary_kib KiB, over the 20 MiB budget"
  dpkg-deb --field "$deb" Package Version Depends Recommends Section | sed 's/^/  | /' >&2

  say "every library the binary loads with dlopen comes from a package in Depends"
  local depends lib package missing=()
  depends=$(dpkg-deb --field "$deb" Depends)
  # NOTE: winit, glutin and xkbcommon-dl open these at run time, so they are not in the ELF
  # header and cargo-deb's $auto cannot see them; their sonames are plain strings in the binary.
  for lib in $(strings target/release/mailsetup | grep -oE 'lib[A-Za-z0-9_+-]{1,40}\.so\.[0-9]+' | sort -u); do
    package=$(dpkg -S "*/$lib" 2>/dev/null | head -n1 | cut -d: -f1) || true
    [[ -n $package ]] || fail "the binary loads $lib, which no installed package provides: add its package to depends"
    [[ $package == libc6 || $package == libgcc-s1 ]] && continue
    grep -qE "(^|, )$package( |,|$)" <<<"$depends" || missing+=("$lib ($package)")
  done
  ((${#missing[@]} == 0)) || fail "Depends lacks the packages of: ${missing[*]}"
  ok "each soname named in the binary maps to a package listed in Depends"

  say "lintian $(basename "$deb")"
  local report
  report=$(lintian --tag-display-limit 0 "$deb" 2>&1 || true)
  [[ -z $report ]] || printf '%s\n' "$report" | sed 's/^/  | /' >&2
  grep -qE '^E: ' <<<"$report" && fail "lintian reports errors"
  ok "no errors ($(grep -cE '^W: ' <<<"$report" || true) warnings, listed above if any)"

  say "install the .deb (dpkg, through apt-get so the Depends are resolved and the dpkg lock is waited for)"
  if dpkg-query -W -f='${Status}' mailsetup 2>/dev/null | grep -q 'install ok installed'; then
    fail "a mailsetup package is already installed; remove it first (dpkg -r mailsetup), the test would replace it"
  fi
  exec 9>"${TMPDIR:-/tmp}/mailsetup-packaging-full.lock"
  flock -w 900 9 || fail "another tests/packaging.sh --full holds the lock"
  CLEANUP+=("dpkg-query -W -f='\${Status}' mailsetup 2>/dev/null | grep -q 'install ok installed' && DEBIAN_FRONTEND=noninteractive dpkg -r mailsetup")
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "$deb" >"$OUT/install.log" 2>&1 ||
    { tail -n 20 "$OUT/install.log" >&2; fail "installing $deb failed"; }
  for f in /usr/bin/mailsetup /usr/share/applications/$APP_ID.desktop /usr/share/metainfo/$APP_ID.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/$APP_ID.svg /usr/share/icons/hicolor/16x16/apps/$APP_ID.png /usr/share/icons/hicolor/512x512/apps/$APP_ID.png; do
    [[ -f $f ]] || fail "the installed package lacks $f"
  done
  desktop-file-validate /usr/share/applications/$APP_ID.desktop || fail "the installed desktop file does not validate"
  ok "installed: /usr/bin/mailsetup, the desktop file, the metainfo and the icons"

  say "/usr/bin/mailsetup --version"
  local version_line
  version_line=$(/usr/bin/mailsetup --version)
  [[ $version_line == "mailsetup $VERSION" ]] || fail "/usr/bin/mailsetup --version printed '$version_line'"
  ok "$version_line"

  say "the installed binary's window under Xvfb (Russian)"
  local display=99 xvfb_pid app_pid window
  while [[ -e /tmp/.X11-unix/X$display || -e /tmp/.X$display-lock ]]; do display=$((display + 1)); done
  Xvfb ":$display" -screen 0 1024x768x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
  xvfb_pid=$!
  CLEANUP+=("kill $xvfb_pid")
  for _ in $(seq 50); do xdpyinfo -display ":$display" >/dev/null 2>&1 && break; sleep 0.1; done
  xdpyinfo -display ":$display" >/dev/null 2>&1 || fail "Xvfb :$display did not start (see $OUT/xvfb.log)"
  mkdir -m 0700 "$SCRATCH/runtime" "$SCRATCH/home"
  DISPLAY=:$display XDG_RUNTIME_DIR=$SCRATCH/runtime HOME=$SCRATCH/home WAYLAND_DISPLAY='' \
    /usr/bin/mailsetup --lang ru >"$OUT/window.log" 2>&1 &
  app_pid=$!
  CLEANUP+=("kill $app_pid")
  # NOTE: xdotool matches the WM_CLASS class, so finding the window proves StartupWMClass matches.
  window=$(DISPLAY=:$display timeout 30 xdotool search --sync --class "^${APP_ID//./\\.}\$" | head -n1) ||
    fail "no window with WM_CLASS $APP_ID appeared within 30 s (see $OUT/window.log)"
  sleep 2 # the first frames
  kill -0 "$app_pid" 2>/dev/null || fail "mailsetup exited after opening its window (see $OUT/window.log)"
  local props
  props=$(DISPLAY=:$display xprop -id "$window" WM_CLASS _NET_WM_NAME _NET_WM_ICON | head -n 3)
  printf '%s\n' "$props" | sed 's/^/  | /' >&2
  grep -q "WM_CLASS(STRING) = .*\"$APP_ID\"" <<<"$props" || fail "the window's WM_CLASS is not $APP_ID"
  grep -q '_NET_WM_NAME(UTF8_STRING) = "Настройка почты"' <<<"$props" || fail "the window title is not «Настройка почты»"
  grep -q 'Icon (128 x 128)' <<<"$props" || fail "the window carries no 128x128 icon (_NET_WM_ICON)"
  DISPLAY=:$display import -window root "$OUT/screen.png"
  DISPLAY=:$display import -window "$window" "$OUT/window.png"
  local colours
  colours=$(identify -format '%k' "$OUT/window.png")
  ((colours > 1)) || fail "the window screenshot is blank (one colour): $OUT/window.png"
  ok "window $window: WM_CLASS and title match, icon set, $colours colours drawn ($OUT/window.png, $OUT/screen.png)"
  kill "$app_pid"
  wait "$app_pid" 2>/dev/null || true

  say "uninstall (dpkg -r mailsetup)"
  DEBIAN_FRONTEND=noninteractive dpkg -r mailsetup >>"$OUT/install.log" 2>&1 || fail "dpkg -r mailsetup failed"
  [[ ! -e /usr/bin/mailsetup && ! -e /usr/share/applications/$APP_ID.desktop ]] || fail "files are left behind after dpkg -r"
  ok "removed; no files left"
  note "full checks took $((SECONDS - started)) s"
}

windows_checks() {
  local started=$SECONDS target=x86_64-pc-windows-gnu
  rustup target list --installed 2>/dev/null | grep -qx $target || fail "the Rust target is missing: rustup target add $target"
  need x86_64-w64-mingw32-gcc "apt-get install gcc-mingw-w64-x86-64"
  need wrestool "apt-get install icoutils"
  need icotool "apt-get install icoutils"
  need wixl "apt-get install wixl msitools"
  need msiinfo "apt-get install msitools"

  say "cargo build --release --target $target"
  cargo build --release --target $target 2> >(tail -n 3 >&2)
  local exe=target/$target/release/mailsetup.exe
  [[ $(head -c 2 "$exe") == MZ ]] || fail "$exe is not a Windows executable"
  ok "$exe: $(($(stat -c %s "$exe") / 1024)) KiB"

  say "the icon inside mailsetup.exe (embedded by src/build.rs)"
  wrestool --extract --type=14 "$exe" >"$SCRATCH/embedded.ico" || fail "$exe has no icon resource"
  local sizes
  sizes=$(icotool --list "$SCRATCH/embedded.ico" | sed -n 's/.*--width=\([0-9]*\).*/\1/p' | sort -n | xargs)
  [[ $sizes == "$ICO_SIZES" ]] || fail "the embedded icon holds sizes '$sizes', expected '$ICO_SIZES'"
  ok "the .exe carries the app icon at $sizes px"

  say "the MSI from packaging/windows/main.wxs (wixl)"
  local msi=$OUT/mailsetup-$VERSION-x86_64.msi
  # NOTE: wixl reads sources relative to the working directory, refuses absolute paths, and
  # leaves an Icon/ directory behind; so it runs in a scratch directory that links the inputs.
  mkdir "$SCRATCH/wixl"
  ln -s "$ROOT/assets" "$ROOT/LICENSE" "$ROOT/target" "$SCRATCH/wixl/"
  (cd "$SCRATCH/wixl" && wixl --arch x64 -D "Version=$VERSION" -D "CargoTargetBinDir=target/$target/release" \
    -o "$msi" "$ROOT/packaging/windows/main.wxs") || fail "wixl could not build the MSI"
  local table
  table=$(msiinfo export "$msi" Shortcut)
  grep -q $'\tProgramMenuFolder\tMail Setup\t' <<<"$table" || fail "the MSI has no Start-menu shortcut"
  # NOTE: exporting a table with binary columns writes them into ./<table>/, hence the cd.
  table=$(cd "$SCRATCH/wixl" && msiinfo export "$msi" Icon)
  grep -q '^AppIcon' <<<"$table" || fail "the MSI has no icon"
  table=$(msiinfo export "$msi" File)
  grep -q $'\tmailsetup.exe\t' <<<"$table" || fail "the MSI does not install mailsetup.exe"
  grep -q $'\tmailsetup-gui.exe\t' <<<"$table" || fail "the MSI does not install mailsetup-gui.exe"
  local gui_exe=target/$target/release/mailsetup-gui.exe
  # NOTE: PE optional header field Subsystem: 2 = Windows GUI, 3 = console.
  local pe subsystem
  pe=$(od -An -t u4 -j 60 -N 4 "$gui_exe" | tr -d ' ')
  subsystem=$(od -An -t u2 -j $((pe + 92)) -N 2 "$gui_exe" | tr -d ' ')
  [[ $subsystem == 2 ]] || fail "mailsetup-gui.exe is not a Windows GUI program (subsystem $subsystem)"
  table=$(msiinfo export "$msi" Shortcut)
  grep $'\tProgramMenuFolder\tMail Setup\t' <<<"$table" | grep -q 'mailsetup-gui.exe' ||
    fail "the Start-menu shortcut does not start mailsetup-gui.exe: $(grep 'Mail Setup' <<<"$table")"
  ok "$(basename "$msi"): $(($(stat -c %s "$msi") / 1024)) KiB; Start-menu shortcut, icon, mailsetup.exe"
  note "windows checks took $((SECONDS - started)) s"
}

case $MODE in
  --fast) fast_checks ;;
  --full) fast_checks; full_checks ;;
  --windows) windows_checks ;;
esac
say "packaging checks passed ($MODE)"
