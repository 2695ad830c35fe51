#!/usr/bin/env bash
# Installs the Debian packages the site needs, once per machine. Usage:
#   scripts/install-system-deps.sh          what `make serve` and `make build` need:
#     fonts-noto-cjk       Noto Sans CJK TC, so pages and PDFs show Traditional Chinese glyphs, not tofu
#     wamerican, wbritish  English word lists (/usr/share/dict) for the content lint's foreign-word check
#     npm                  installs the browser libraries the site ships (package-lock.json; Makefile `npm ci`)
#     nodejs               runs Workbox (package-lock.json), which writes each edition's service worker (hooks/offline.py)
#   scripts/install-system-deps.sh test     the above, and what only `make test` needs:
#     chromium             headless browser for the browser tests and screenshots
#     poppler-utils        pdffonts / pdftotext / pdftoppm, used by the PDF tests
# Skips apt entirely when everything is present; needs root (or sudo) otherwise.
set -euo pipefail
need=()
# (fc-list's list read whole first: with pipefail, `fc-list | grep -q` fails when grep stops reading early)
fonts="$(fc-list 2>/dev/null || true)"
grep -q "Noto Sans CJK TC" <<<"$fonts" || need+=(fonts-noto-cjk)
[ -f /usr/share/dict/american-english ] || need+=(wamerican)
[ -f /usr/share/dict/british-english ] || need+=(wbritish)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ "${1:-}" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
elif [ -n "${1:-}" ]; then
  echo "install-system-deps: unknown argument '$1' (none, or 'test')" >&2
  exit 2
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "install-system-deps: installing ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
