#!/usr/bin/env bash
# Renders the application icon from assets/icon.svg in every size the console and the three installers use:
#   icon-<n>.png  16 to 1024 px (console window and tray, Linux .deb, README)
#   icon.ico      Windows launcher, .msi and Start menu (16, 24, 32, 48, 64, 128 and 256 px in one file)
#   icon.icns     macOS .app and .dmg (16 to 1024 px, PNG-encoded entries)
# Needs rsvg-convert (librsvg2-bin), ImageMagick's convert and python3. Run from the project folder:
#   bash assets/make-icons.sh
set -euo pipefail
cd "$(dirname "$0")"
for n in 16 24 32 48 64 128 256 512 1024; do
    rsvg-convert -w "$n" -h "$n" icon.svg -o "icon-$n.png"
done
convert icon-16.png icon-24.png icon-32.png icon-48.png icon-64.png icon-128.png icon-256.png icon.ico
# An .icns file is a header ('icns', total length) followed by entries (type, length, PNG bytes); the types name
# the pixel size, and the @2x types share a size with the next one down.
python3 - <<'PY'
import struct
entries = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
           ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512)]
body = b""
for kind, size in entries:
    png = open(f"icon-{size}.png", "rb").read()
    body += kind.encode("ascii") + struct.pack(">I", len(png) + 8) + png
with open("icon.icns", "wb") as f:
    f.write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY
for n in 16 32 48 64 128 256; do
    cp "icon-$n.png" "../src/main/resources/io/mlservice/console/icons/icon-$n.png"
done
