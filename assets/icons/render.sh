#!/usr/bin/env bash
# Renders every raster form of the app icon from the two SVG sources in this directory: the
# freedesktop hicolor PNGs, the Windows .ico and the macOS .icns. The outputs are committed, so
# building or packaging never needs these tools; run this only after changing an SVG.
#
# Needs (Debian): librsvg2-bin (rsvg-convert), icoutils (icotool), icnsutils (png2icns).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
ID=io.github.mailsetup.MailSetup
SIZES=(16 22 24 32 48 64 128 256 512)
for tool in rsvg-convert icotool png2icns; do
  command -v "$tool" >/dev/null || { echo "render.sh: $tool is missing: apt-get install librsvg2-bin icoutils icnsutils" >&2; exit 1; }
done

for size in "${SIZES[@]}"; do
  source_svg=$ID.svg
  # NOTE: 16 px comes from the hand-tuned drawing; scaled down, the big one blurs the check mark.
  [[ $size == 16 ]] && source_svg=$ID-16.svg
  mkdir -p "hicolor/${size}x${size}/apps"
  rsvg-convert --width "$size" --height "$size" "$source_svg" -o "hicolor/${size}x${size}/apps/$ID.png"
done

png() { echo "hicolor/${1}x${1}/apps/$ID.png"; }
# Windows: small sizes as bitmaps, 256 as an embedded PNG (what Windows Vista+ expects).
icotool --create --output "$ID.ico" "$(png 16)" "$(png 24)" "$(png 32)" "$(png 48)" "$(png 64)" --raw="$(png 256)"
# macOS: png2icns picks the icon type from each PNG's size.
png2icns "$ID.icns" "$(png 16)" "$(png 32)" "$(png 48)" "$(png 128)" "$(png 256)" "$(png 512)" >/dev/null
echo "rendered ${#SIZES[@]} PNGs, $ID.ico and $ID.icns in $HERE"
