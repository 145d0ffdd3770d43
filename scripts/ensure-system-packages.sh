#!/usr/bin/env bash
# Install the Debian packages that Gonghui's tests and tools need, only when one is missing,
# so a machine that has them all answers at once and never touches the network.
#   chromium            headless browser for the browser tests (/usr/bin/chromium)
#   fonts-wqy-microhei  a CJK font, so Chinese pages render as text, not boxes, in screenshots
#   gettext             msgfmt/xgettext for `make messages`
#   poppler-utils       pdftotext, so the tests read the text of the dashboard's PDF report
set -euo pipefail

declare -A wanted=(
    [chromium]=/usr/bin/chromium
    [fonts-wqy-microhei]=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
    [gettext]=/usr/bin/msgfmt
    [poppler-utils]=/usr/bin/pdftotext
)
missing=()
for package in "${!wanted[@]}"; do
    [[ -e "${wanted[$package]}" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
fi
echo "Installing Debian packages: ${missing[*]}"
"${sudo[@]}" apt-get update -q
# With recommends: chromium's bring the Latin fonts and libraries it is known to run with.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
