#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages given as arguments when they are missing (apt-get, with sudo when
# not root), and says what it does. Packages already installed are left alone.
set -euo pipefail

missing=()
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "==> System packages: all present ($*)"
  exit 0
fi

echo "==> Installing missing system packages: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get is not available. Install these packages with your system's package manager: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
  echo "    (using sudo; you may be asked for your password)"
else
  echo "error: not root and sudo is missing; as root run: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when an install fails without it (fresh machines often have none).
if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
  echo "==> Refreshing package lists (apt-get update) and trying again"
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
echo "==> Installed: ${missing[*]}"
