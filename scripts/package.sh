#!/usr/bin/env bash
# `make package`: builds Frontline for the learners' machines: an installable .deb (cargo-deb) and a
# portable .tar.gz (binary, scenarios, desktop entry and icons, licences, INSTALL.txt), from the
# `dist` profile (release, stripped). Prints where they are and their sizes.
#
#   scripts/package.sh            both packages into $CARGO_TARGET_DIR/package/
#   PACKAGE_OUT=DIR scripts/package.sh   somewhere else
#
# Layout, in both: bin/frontline, share/frontline/scenarios (found next to the binary, see
# core::scenario_folders), share/applications/frontline.desktop, share/icons/hicolor/*/apps,
# share/doc/frontline (README, licences, the font's OFL, third-party licences).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-$HOME/.cache/frontline/target}
export CARGO_TARGET_DIR=$TARGET
OUT=${PACKAGE_OUT:-$TARGET/package}
CARGO_DEB_VERSION=3.8.0

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
name="frontline-$version-linux-$arch"
stage="$TARGET/dist/package-root"

if ! cargo deb --version 2>/dev/null | grep -q "$CARGO_DEB_VERSION"; then
  echo "==> Installing cargo-deb $CARGO_DEB_VERSION (builds the .deb; once per machine)"
  cargo install --locked --quiet cargo-deb --version "$CARGO_DEB_VERSION"
fi

echo "==> Building the release binary (profile dist: optimised, stripped)"
cargo build --profile dist --bin frontline
bin="$TARGET/dist/frontline"

echo "==> Staging the files in $stage"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/share/frontline" "$stage/share/applications" "$stage/share/doc/frontline"
install -m 755 "$bin" "$stage/bin/frontline"
cp -r scenarios "$stage/share/frontline/scenarios"
find "$stage/share/frontline/scenarios" -type f -exec chmod 644 {} +
install -m 644 assets/package/frontline.desktop "$stage/share/applications/frontline.desktop"
python3 scripts/draw-icon.py "$stage/icons" >/dev/null
for png in "$stage"/icons/frontline-*.png; do
  size=$(basename "$png" .png | sed 's/frontline-//')
  install -D -m 644 "$png" "$stage/share/icons/hicolor/${size}x${size}/apps/frontline.png"
done
rm -rf "$stage/icons"
install -m 644 README.md LICENSE-MIT LICENSE-APACHE "$stage/share/doc/frontline/"
install -m 644 assets/fonts/OFL.txt "$stage/share/doc/frontline/OFL-NotoSansSC.txt"
{
  echo "Frontline $version is built from these crates (name version: licence). Their licence texts"
  echo "are in each crate's source on crates.io; the bundled font is under the SIL OFL (OFL-NotoSansSC.txt)."
  echo
  cargo tree --edges normal --prefix none --format '{p}: {l}' --quiet 2>/dev/null |
    sed 's/ (\*)$//; s/ (proc-macro)//; s/ (\/[^)]*)//' | grep -v '^frontline ' | sort -u
} >"$stage/share/doc/frontline/THIRD-PARTY.txt"
# The binary must find its scenarios in the staged layout, as it will once installed.
found=$(FRONTLINE_DATA_DIR="$(mktemp -d)" "$stage/bin/frontline" check 2>&1 | tail -1)
case $found in
  ok:*) echo "    the staged binary checks its shipped scenarios: $found" ;;
  *) echo "error: the staged binary does not find its scenarios: $found" >&2; exit 1 ;;
esac

mkdir -p "$OUT"
echo "==> The .tar.gz"
tarball="$OUT/$name.tar.gz"
tmp=$(mktemp -d)
cp -a "$stage" "$tmp/$name"
install -m 644 assets/package/INSTALL.txt "$tmp/$name/INSTALL.txt"
tar -C "$tmp" --owner=0 --group=0 -czf "$tarball" "$name"
rm -rf "$tmp"

echo "==> The .deb (cargo-deb)"
deb=$(cargo deb --no-build --profile dist --output "$OUT" 2>&1 | tail -1)
[ -f "$deb" ] || { echo "error: cargo deb did not make a package: $deb" >&2; exit 1; }

echo
echo "Packages ($(git rev-parse --short=12 HEAD 2>/dev/null || echo 'no git'), $("$bin" --version)):"
for f in "$deb" "$tarball"; do
  printf '  %-70s %s\n' "$f" "$(du -h "$f" | cut -f1)"
done
printf '  %-70s %s\n' "(the stripped binary)" "$(du -h "$bin" | cut -f1)"
