#!/usr/bin/env bash
# Builds the .deb with cpack from the configured build tree and checks what a user installs:
# the binary, desktop file, AppStream metainfo and icon, and dependencies on the Qt libraries.
# usage: check_deb.sh <build-dir>
set -euo pipefail
BUILD=$1
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
(cd "$BUILD" && cpack -G DEB -B "$OUT" >/dev/null)
DEB=$(ls "$OUT"/*.deb)
echo "built $(basename "$DEB")"
contents=$(dpkg-deb -c "$DEB")
for f in ./usr/bin/burnrate ./usr/share/applications/dev.burnrate.Burnrate.desktop \
         ./usr/share/metainfo/dev.burnrate.Burnrate.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/dev.burnrate.Burnrate.svg; do
    grep -q " $f\$" <<<"$contents" || { echo "missing from the package: $f"; exit 1; }
done
depends=$(dpkg-deb -f "$DEB" Depends)
echo "Depends: $depends"
for d in libqt6core6 libqt6widgets6 libqt6sql6 libqt6sql6-sqlite qt6-qpa-plugins libqt6svg6 libprotobuf \
         libqt6keychain1 libsecret-1-0 libcurl4; do
    grep -q "$d" <<<"$depends" || { echo "missing dependency: $d"; exit 1; }
done
# The installed files validate as a user's desktop would check them.
dpkg-deb -x "$DEB" "$OUT/root"
desktop-file-validate "$OUT/root/usr/share/applications/dev.burnrate.Burnrate.desktop"
appstreamcli validate --no-net "$OUT/root/usr/share/metainfo/dev.burnrate.Burnrate.metainfo.xml"
"$OUT/root/usr/bin/burnrate" --version
echo "package ok"
