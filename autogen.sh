#!/bin/sh
# Generates ./configure from configure.ac (needs autoconf, automake, libtool,
# autopoint and pkg-config).
set -e
cd "$(dirname "$0")"
autoreconf --force --install --verbose
