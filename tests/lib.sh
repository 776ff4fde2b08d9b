# tests/lib.sh: TAP helpers for hoso's shell tests (sourced, not run).
#
# Each test file sources this, calls plan or lets done_testing count, and
# reports one line per case with ok/not_ok/skip.  Every test works in its own
# temporary folder ($TMP), removed at exit.
#
# Environment (set by make check, see Makefile.am): HOSO (the binary),
# HOSO_SRCDIR, HOSO_BUILDDIR, HOSO_SHARED (../shared, may be absent).

set -u
: "${HOSO:=$(pwd)/hoso}"
: "${HOSO_SRCDIR:=$(pwd)}"
: "${HOSO_SHARED:=$HOSO_SRCDIR/../shared}"
export LC_ALL=${LC_ALL:-C.UTF-8}
unset HOSO_ARCHIVE HOSO_FAULT_KILL_AT HOSO_FAULT_ENOSPC_AT

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hoso-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
_tap_n=0
_tap_failed=0

# ok DESCRIPTION / not_ok DESCRIPTION [DIAGNOSTIC...]
ok () { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
not_ok () {
  _tap_n=$((_tap_n + 1)); _tap_failed=$((_tap_failed + 1))
  echo "not ok $_tap_n - $1"; shift
  for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}
skip () { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $*"; }
diag () { printf '%s\n' "$*" | sed 's/^/# /'; }

# check DESCRIPTION COMMAND...: one case that passes when COMMAND exits 0.
check () {
  local desc=$1; shift
  local out
  if out=$("$@" 2>&1); then ok "$desc"; else not_ok "$desc" "command: $*" "$out"; fi
}

# run_hoso ARGS...: runs hoso, leaving stdout in $TMP/out, stderr in
# $TMP/err and the exit status in $rc.
run_hoso () {
  rc=0
  "$HOSO" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
}

# expect_rc DESCRIPTION WANT: one case on the last run_hoso's status.
expect_rc () {
  if [ "$rc" = "$2" ]; then ok "$1"; else
    not_ok "$1" "exit status $rc, wanted $2" "stdout: $(head -c 2000 "$TMP/out")" "stderr: $(head -c 2000 "$TMP/err")"; fi
}

# need_shared: echoes nothing and returns 1 (after printing a skip plan) when
# ../shared is absent.  Use: need_shared "why" || exit 0
need_shared () {
  if [ -d "$HOSO_SHARED" ]; then return 0; fi
  echo "1..0 # SKIP ../shared is absent ($1)"
  exit 0
}

# done_testing: prints the plan and exits non-zero if any case failed.
done_testing () {
  echo "1..$_tap_n"
  [ "$_tap_failed" -eq 0 ]
}

# head_of ARCHIVE ID: the head version number of dossier ID read straight
# from the store (0 if the dossier does not exist), independent of the CLI.
head_of () {
  local hash obj
  hash=$(printf '%s' "urn:ocop:$2" | sha256sum | cut -c1-64)
  obj="$1/store/$(echo "$hash" | cut -c1-3)/$(echo "$hash" | cut -c4-6)/$(echo "$hash" | cut -c7-9)/$hash"
  if [ -f "$obj/inventory.json" ]; then
    sed -n 's/^ *"head": *"v\([0-9]*\)".*/\1/p' "$obj/inventory.json"
  else
    echo 0
  fi
}

# staging_empty ARCHIVE: true when no commit has left anything in staging/.
staging_empty () {
  [ -z "$(ls -A "$1/staging")" ]
}
