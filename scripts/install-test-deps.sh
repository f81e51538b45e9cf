#!/bin/sh
# Install what the tests need beyond Python packages, from Debian's packages when missing:
# chromium (browser tests), gettext (catalog checks), CJK fonts (screenshots), dovecot
# (a real IMAP server for the mail intake tests), pango (WeasyPrint's PDFs), poppler-utils
# (reading PDFs back in the tests).
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
[ -x /usr/sbin/dovecot ] || command -v dovecot >/dev/null 2>&1 || missing="$missing dovecot-imapd"
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -d /usr/share/fonts/opentype/noto ] || fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
  || missing="$missing fonts-noto-cjk"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "warning: missing$missing (install them with your package manager)" >&2
  fi
fi
