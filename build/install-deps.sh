#!/usr/bin/env bash
# Installs what building, running and testing the kiosk need on a Debian or
# Ubuntu machine, and only what is missing: the C libraries of Fyne's GL
# window, Xvfb and xdotool for the end-to-end test, dosfstools so the
# provisioning tests can fsck the boot partitions they write, systemd for
# systemd-analyze (the service units are verified and their sandbox rated),
# and staticcheck.
#
#   build/install-deps.sh          everything (make test)
#   build/install-deps.sh run      only what the desktop window needs (make run)
set -euo pipefail

want=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
      libxinerama-dev libxi-dev libxxf86vm-dev)
if [ "${1:-test}" != run ]; then
  want+=(xvfb xauth xdotool imagemagick dosfstools systemd)
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  # One index failing (a mirror mid-sync) must not stop us: the install
  # below decides whether what we need could be had.
  $sudo apt-get update -q || echo "apt-get update reported a problem; trying the install anyway" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v go >/dev/null || { echo "Go 1.26 is needed: https://go.dev/doc/install" >&2; exit 1; }

if [ "${1:-test}" != run ]; then
  gobin=$(go env GOPATH)/bin
  if ! [ -x "$gobin/staticcheck" ] || ! "$gobin/staticcheck" -version 2>/dev/null | grep -q '0.8.2'; then
    echo "installing staticcheck"
    go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
  fi
fi
go mod download
