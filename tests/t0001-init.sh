#!/bin/sh
# t0001-init.sh: "hoso init" creates an archive where it is told to, refuses
# a folder that is not empty, and lays out an OCFL 1.1 storage root.
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

json_get () { # json_get FILE EXPR: prints a value from a JSON file
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# The default folder is ./archive.
mkdir "$TMP/cwd"
rc=0; (cd "$TMP/cwd" && "$HOSO" init >"$TMP/out" 2>"$TMP/err") || rc=$?
expect_rc "init with no folder exits 0" 0
check "init with no folder creates ./archive" test -f "$TMP/cwd/archive/store/0=ocfl_1.1"
check "init says where the archive is" grep -q "archive" "$TMP/out"

# $HOSO_ARCHIVE comes next.
rc=0; HOSO_ARCHIVE="$TMP/env" "$HOSO" init >"$TMP/out" 2>"$TMP/err" || rc=$?
expect_rc "init with \$HOSO_ARCHIVE exits 0" 0
check "init uses \$HOSO_ARCHIVE" test -f "$TMP/env/store/0=ocfl_1.1"

# An explicit folder wins over $HOSO_ARCHIVE, as does --archive.
rc=0; HOSO_ARCHIVE="$TMP/not-this" "$HOSO" init "$TMP/explicit" >"$TMP/out" 2>"$TMP/err" || rc=$?
expect_rc "init DIR exits 0" 0
check "init DIR uses DIR, not \$HOSO_ARCHIVE" test -f "$TMP/explicit/store/0=ocfl_1.1" -a ! -e "$TMP/not-this"
run_hoso --archive "$TMP/opt" init
expect_rc "init --archive DIR exits 0" 0
check "init --archive DIR uses DIR" test -d "$TMP/opt/store"
run_hoso init -A "$TMP/opt2"
check "init -A DIR after the command uses DIR" test -d "$TMP/opt2/store"

# A folder holding anything else is refused, and left as it was.
mkdir "$TMP/full"; echo keep >"$TMP/full/notes.txt"
run_hoso init "$TMP/full"
expect_rc "init on a non-empty folder exits 2" 2
check "init on a non-empty folder writes nothing" test ! -e "$TMP/full/store" -a "$(ls "$TMP/full")" = notes.txt
check "the refusal names the folder and says what to do" grep -q "full.*empty" "$TMP/err"

# So is an existing archive.
sum_before=$(cd "$TMP/explicit" && find . -type f | sort | xargs cat | sha256sum)
run_hoso init "$TMP/explicit"
expect_rc "init on an existing archive exits 2" 2
sum_after=$(cd "$TMP/explicit" && find . -type f | sort | xargs cat | sha256sum)
check "init on an existing archive changes nothing" test "$sum_before" = "$sum_after"

# The layout on disk.
S="$TMP/explicit/store"
check "store/0=ocfl_1.1 declares OCFL 1.1" test "$(cat "$S/0=ocfl_1.1")" = "ocfl_1.1"
check "store/ocfl_layout.json names the 0004 extension" \
  test "$(json_get "$S/ocfl_layout.json" 'd["extension"]')" = "0004-hashed-n-tuple-storage-layout"
C="$S/extensions/0004-hashed-n-tuple-storage-layout/config.json"
check "the 0004 config is sha256, 3 tuples of 3" \
  test "$(json_get "$C" '(d["extensionName"], d["digestAlgorithm"], d["tupleSize"], d["numberOfTuples"])')" \
    = "('0004-hashed-n-tuple-storage-layout', 'sha256', 3, 3)"
check "staging/ exists beside store/" test -d "$TMP/explicit/staging"

# The new archive can be used at once, and an ordinary folder is not one.
run_hoso -A "$TMP/explicit" list
expect_rc "list on a new archive exits 0" 0
run_hoso -A "$TMP/full" list
expect_rc "list on a folder that is not an archive exits 2" 2
check "that error suggests hoso init" grep -q "hoso init" "$TMP/err"

run_hoso init --help
expect_rc "init --help exits 0" 0
check "init --help shows the usage line" grep -q "init \[DIR\]" "$TMP/out"

done_testing
