#!/bin/sh
# make-fixtures.sh: writes the fixtures of tests/test-extract.c again.
# Needs python3, iconv (glibc) and openssl; see README.
set -eu
cd "$(dirname "$0")"
for tool in python3 iconv openssl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make-fixtures.sh: $tool is needed" >&2; exit 1; }
done
exec python3 make-fixtures.py
