#!/usr/bin/env bash
# Installs the .deb from `make package` into a fresh Debian made here with debootstrap (a chroot in
# a temporary folder), as a class's IT staff would with `apt install ./frontline_*.deb`, and checks
# that it works there: `frontline --version`, `frontline check` of the shipped scenarios, a scripted
# terminal call recorded for a learner, the desktop entry validated, the game window under Xvfb (a
# screenshot, checked and kept), an upgrade to the same package with a newer version number,
# then removes the package and checks the learner's data is still there. Then it unpacks the
# .tar.gz made beside the .deb into /opt as INSTALL.txt says, and checks that the same learner's
# progress is there and grows when the unpacked binary plays a call.
#
#   scripts/test-install.sh [DEB]      (default: the newest .deb in $CARGO_TARGET_DIR/package)
#   SUITE=trixie scripts/test-install.sh    another Debian release (default: bookworm)
#   SUITE=noble scripts/test-install.sh     Ubuntu (jammy, noble; from archive.ubuntu.com)
#
# Needs root (or sudo) for debootstrap, mounts and chroot, and Debian's mirror. Slow the first
# time (about 5 minutes for debootstrap, cached in ~/.cache/frontline/debootstrap); not part of
# `make test`. The screenshot is left in $CARGO_TARGET_DIR/package/installed-library.png.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-$HOME/.cache/frontline/target}
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
CACHE=${DEBOOTSTRAP_CACHE:-$HOME/.cache/frontline/debootstrap}
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

deb=${1:-$(ls -t "$TARGET"/package/frontline_*.deb 2>/dev/null | head -1 || true)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "error: no .deb to install (run make package first, or name one)" >&2; exit 1; }
tarball="${deb%/*}/$(basename "$deb" | sed -E 's/^frontline_([^-]+)-[0-9]+_amd64\.deb$/frontline-\1-linux-amd64.tar.gz/')"
[ -f "$tarball" ] || { echo "error: no $tarball beside the .deb (make package writes both)" >&2; exit 1; }

# Debian's debootstrap knows Ubuntu's suites but Debian has no Ubuntu keyring: the base is fetched
# without checking its signatures (the chroot is thrown away); apt inside it checks them with the
# keyring debootstrap installs there. Universe holds xvfb.
DISTRO=Debian
DEBOOTSTRAP_ARGS=(--variant=minbase)
case "$SUITE" in
  jammy|noble|plucky|questing)
    DISTRO=Ubuntu
    MIRROR=${MIRROR_UBUNTU:-http://archive.ubuntu.com/ubuntu}
    DEBOOTSTRAP_ARGS+=(--no-check-gpg --components=main,universe)
    ;;
esac
DEBOOTSTRAP_SCRIPT=()
[ "$DISTRO" = Ubuntu ] && [ ! -e "/usr/share/debootstrap/scripts/$SUITE" ] && DEBOOTSTRAP_SCRIPT=(/usr/share/debootstrap/scripts/gutsy)
echo "==> Testing $deb on a fresh $DISTRO $SUITE"

command -v debootstrap >/dev/null || bash scripts/ensure-system-packages.sh debootstrap
base="$CACHE/$SUITE-minbase.tar"
if [ ! -f "$base" ]; then
  echo "==> debootstrap $SUITE (minbase) into a cache, once"
  tmp=$(mktemp -d)
  $SUDO debootstrap "${DEBOOTSTRAP_ARGS[@]}" "$SUITE" "$tmp/root" "$MIRROR" "${DEBOOTSTRAP_SCRIPT[@]}" >/dev/null
  mkdir -p "$CACHE"
  $SUDO tar -C "$tmp/root" -cf "$base.part" .
  mv "$base.part" "$base"
  $SUDO rm -rf "$tmp"
fi

root=$(mktemp -d /tmp/frontline-install-XXXXXX)
cleanup() {
  for m in dev/pts dev proc sys; do $SUDO umount -l "$root/$m" 2>/dev/null || true; done
  $SUDO rm -rf "$root"
}
trap cleanup EXIT
$SUDO tar -C "$root" -xf "$base"
for m in proc sys dev dev/pts; do $SUDO mount --bind "/$m" "$root/$m"; done
$SUDO cp /etc/resolv.conf "$root/etc/resolv.conf"
if [ "$DISTRO" = Ubuntu ]; then
  # An installed Ubuntu takes its fixes (Mesa's among them) from -updates and -security.
  printf 'deb %s %s main universe\n' "$MIRROR" "$SUITE" "$MIRROR" "$SUITE-updates" "$MIRROR" "$SUITE-security" \
    | $SUDO tee "$root/etc/apt/sources.list" >/dev/null
fi
in_root() { $SUDO chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive "$@"; }
as_learner() { $SUDO chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/learner USER=learner /usr/sbin/runuser -u learner -- "$@"; }
# play_call WHAT SEED CHOICE: Ann plays late_flight.ron in the terminal, always taking option CHOICE;
# fails unless the call reaches its debrief.
play_call() {
  local what=$1 seed=$2 c=$3 log=/tmp/frontline-$1-call.txt
  as_learner frontline play late_flight.ron --text --seed "$seed" --choices "$c,$c,$c,$c,$c,$c,$c,$c" --learner Ann >"$log" 2>&1 || true
  grep -q "=== Debrief" "$log" || { cat "$log"; echo "error: the $what call did not reach its debrief" >&2; exit 1; }
}
# calls_played N WHEN: Ann's progress holds N calls.
calls_played() {
  local progress
  progress=$(as_learner frontline progress --learner Ann)
  grep -q "^Calls played: $1$" <<<"$progress" || { echo "$progress"; echo "error: Ann should have $1 call(s) $2" >&2; exit 1; }
}

echo "==> apt install ./$(basename "$deb") (pulls the libraries it declares)"
$SUDO cp "$deb" "$root/tmp/"
in_root apt-get update -qq
in_root apt-get install -y -qq "/tmp/$(basename "$deb")" >/dev/null
in_root useradd -m learner

echo "==> Installed files"
command_path=$(in_root sh -c 'command -v frontline')
[ "$command_path" = /usr/bin/frontline ] || { echo "error: frontline is not on the PATH ($command_path)" >&2; exit 1; }
for f in /usr/share/frontline/scenarios/techniques.ron /usr/share/applications/frontline.desktop \
  /usr/share/icons/hicolor/256x256/apps/frontline.png /usr/share/doc/frontline/copyright; do
  [ -f "$root$f" ] || { echo "error: $f is not installed" >&2; exit 1; }
done
echo "    frontline on the PATH, scenarios, desktop entry, icon, copyright: present"

echo "==> frontline --version"
as_learner frontline --version

echo "==> frontline check /usr/share/frontline/scenarios"
as_learner frontline check /usr/share/frontline/scenarios --deny-warnings

echo "==> A scripted terminal call, recorded for learner Ann"
play_call installed 7 1
as_learner frontline learners | grep -q Ann || { echo "error: the call was not recorded for Ann" >&2; exit 1; }
echo "    the call reached its debrief and is recorded for Ann"

echo "==> The desktop entry and the game window under Xvfb (their tools are installed for this test)"
in_root apt-get install -y -qq xvfb xauth desktop-file-utils >/dev/null
validation=$(in_root desktop-file-validate /usr/share/applications/frontline.desktop) ||
  { echo "$validation"; echo "error: the desktop entry is not valid" >&2; exit 1; }
grep -v ": hint: " <<<"$validation" || true
echo "    the desktop entry is valid"
as_learner xvfb-run -a -s "-screen 0 1280x800x24" frontline --screenshot /tmp/installed-library.png --screen library \
  >/tmp/frontline-installed-window.log 2>&1 || { cat /tmp/frontline-installed-window.log; exit 1; }
mkdir -p "$TARGET/package"
$SUDO cp "$root/tmp/installed-library.png" "$TARGET/package/installed-library.png"
colours=$(convert "$TARGET/package/installed-library.png" -format '%k' info:)
[ "$colours" -gt 50 ] || { echo "error: the screenshot is nearly blank ($colours colours)" >&2; exit 1; }
echo "    screenshot: $TARGET/package/installed-library.png ($colours colours)"

echo "==> An upgrade (the same package with a newer version number): the learner's progress stays"
work=$(mktemp -d)
$SUDO dpkg-deb -R "$deb" "$work/pkg"
old_version=$($SUDO sed -n 's/^Version: //p' "$work/pkg/DEBIAN/control")
new_version="$old_version.1"
$SUDO sed -i "s/^Version: .*/Version: $new_version/" "$work/pkg/DEBIAN/control"
$SUDO dpkg-deb --root-owner-group -b "$work/pkg" "$root/tmp/frontline_upgrade.deb" >/dev/null
$SUDO rm -rf "$work"
in_root apt-get install -y -qq /tmp/frontline_upgrade.deb >/dev/null
installed=$(in_root dpkg-query -W -f='${Version}' frontline)
[ "$installed" = "$new_version" ] || { echo "error: the upgrade did not install ($installed)" >&2; exit 1; }
calls_played 1 "after the upgrade"
echo "    upgraded $old_version -> $new_version; Ann's call is still there"

echo "==> apt remove frontline: the learner's data stays"
in_root apt-get remove -y -qq frontline >/dev/null
[ ! -e "$root/usr/bin/frontline" ] || { echo "error: /usr/bin/frontline is still there" >&2; exit 1; }
[ ! -e "$root/usr/share/frontline/scenarios" ] || { echo "error: the shipped scenarios are still there" >&2; exit 1; }
db="$root/home/learner/.local/share/frontline/progress.db"
[ -s "$db" ] || { echo "error: the learner's progress database is gone" >&2; exit 1; }
echo "    removed; $(basename "$db") kept ($(du -h "$db" | cut -f1))"

echo "==> The .tar.gz unpacked into /opt, as INSTALL.txt says"
$SUDO cp "$tarball" "$root/tmp/"
folder=$(basename "$tarball" .tar.gz)
in_root tar -C /opt -xzf "/tmp/$(basename "$tarball")"
in_root mv "/opt/$folder" /opt/frontline
in_root ln -s /opt/frontline/bin/frontline /usr/local/bin/frontline
[ -f "$root/opt/frontline/INSTALL.txt" ] || { echo "error: INSTALL.txt is not in the archive" >&2; exit 1; }
as_learner frontline --version
as_learner frontline check --deny-warnings
play_call unpacked 8 2
calls_played 2 "(the one played with the .deb and the one played now)"
echo "    found its shipped scenarios next to bin/; Ann's progress holds both calls"
echo "ok: installed, checked, played, drawn, upgraded and removed on $DISTRO $SUITE; the .tar.gz ran from /opt on the same learner's data"
