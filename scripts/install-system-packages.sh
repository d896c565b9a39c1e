#!/usr/bin/env bash
# Installs the system packages kefu and its tests need, when missing: redis-server (the service's
# and the tests' Redis). Uses apt-get as root, sudo otherwise; prints what to do when neither works.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
for package in "$@"; do
  case "$package" in
    chromium) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
    *) missing+=("$package") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "kefu needs: ${missing[*]} — install them with your system's package manager." >&2
  exit 1
fi
run=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then run=(sudo); else
    echo "kefu needs: ${missing[*]} — run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "installing ${missing[*]} …" >&2
"${run[@]}" apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
