#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, once per machine:
#   chromium        headless browser for the browser tests and screenshots
#   fonts-noto-cjk  Noto Sans CJK TC, so pages and PDFs show Traditional Chinese glyphs, not tofu
#   poppler-utils   pdffonts / pdftotext / pdftoppm, used by the PDF tests
#   wamerican, wbritish  English word lists (/usr/share/dict) for the content lint's foreign-word check
#   npm             installs the browser libraries the site ships (package-lock.json; Makefile `npm ci`)
#   nodejs          runs Workbox (package-lock.json), which writes each edition's service worker (hooks/offline.py)
# Skips apt entirely when everything is present; needs root (or sudo) otherwise.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK TC" || need+=(fonts-noto-cjk)
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/dict/american-english ] || need+=(wamerican)
[ -f /usr/share/dict/british-english ] || need+=(wbritish)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "install-system-deps: installing ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
