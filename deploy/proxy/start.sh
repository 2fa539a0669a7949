#!/bin/sh
# The proxy's entrypoint: refuse to start without UI credentials, write them for nginx's basic
# auth as a salted SHA-512 crypt hash, then run the command (nginx).
set -eu

: "${JIRASYNC_UI_USER:?is not set: the UI is only served with credentials (see deploy/README.md)}"
: "${JIRASYNC_UI_PASSWORD:?is not set: the UI is only served with credentials (see deploy/README.md)}"
case "$JIRASYNC_UI_USER" in
  *:*) echo "JIRASYNC_UI_USER must not contain ':'" >&2; exit 1 ;;
esac

# crypt(3) salts take [a-zA-Z0-9./]; perl-base is part of every Debian image, nginx's included.
salt=$(head -c 12 /dev/urandom | base64 | tr '+' '.')
hash=$(perl -e 'print crypt($ENV{JIRASYNC_UI_PASSWORD}, "\$6\$$ARGV[0]\$")' "$salt")
case "$hash" in
  '$6$'*) ;;
  *) echo "could not hash JIRASYNC_UI_PASSWORD with SHA-512 crypt" >&2; exit 1 ;;
esac

umask 077
printf '%s:%s\n' "$JIRASYNC_UI_USER" "$hash" > /tmp/htpasswd
# nginx never needs the password itself.
unset JIRASYNC_UI_PASSWORD
exec "$@"
