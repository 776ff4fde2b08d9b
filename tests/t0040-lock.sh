#!/bin/sh
# t0040-lock.sh: one writer at a time.
#
# The test holds the archive's lock itself with flock(1), which takes the
# same flock(2) lock the store does, and checks that a second writer is
# turned away with exit status 3 and a clear message, that --wait waits and
# then succeeds, and that readers never need the lock.
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

command -v flock >/dev/null || { echo "1..0 # SKIP flock(1) from util-linux is not installed"; exit 0; }

A="$TMP/archive"
export HOSO_ARCHIVE="$A"
D=QNA-2024-0040
"$HOSO" init >/dev/null 2>&1 || { echo "Bail out! hoso init failed"; exit 1; }
printf 'one\n' >"$TMP/one.txt"
printf 'two\n' >"$TMP/two.txt"
printf 'three\n' >"$TMP/three.txt"
"$HOSO" add $D "$TMP/one.txt" >/dev/null 2>&1 || { echo "Bail out! hoso add failed"; exit 1; }

head_version () { "$HOSO" --json ls $D | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])'; }

# hold_lock SECONDS: holds ARCHIVE/lock in the background until it is
# surely taken.
holder=
hold_lock () {
  flock "$A/lock" sleep "$1" &
  holder=$!
  i=0
  while flock -n "$A/lock" true 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 100 ] || break; sleep 0.05
  done
}

hold_lock 3
run_hoso add $D "$TMP/two.txt"
expect_rc "a second writer gets exit status 3" 3
check "its message says the archive is busy and suggests --wait" grep -q -- "--wait" "$TMP/err"
check "the message is one line on stderr, nothing on stdout" test "$(wc -l <"$TMP/err")" = 1 -a ! -s "$TMP/out"
run_hoso --json rm $D one.txt
expect_rc "rm while locked also gets exit status 3" 3
check "with --json the error is {format 1, code locked}" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d["format"] == 1 and d["error"]["code"] == "locked" and d["error"]["message"]))' "$TMP/out"
run_hoso ls $D
expect_rc "a reader does not need the lock (ls)" 0
"$HOSO" get $D one.txt >"$TMP/one.out" 2>&1
check "a reader does not need the lock (get)" cmp "$TMP/one.txt" "$TMP/one.out"
check "the refused writers made no version" test "$(head_version)" = 1

wait "$holder" 2>/dev/null

# A fresh hold, so the waiting writer surely meets it.
hold_lock 2
start=$(date +%s%N)
run_hoso add $D "$TMP/two.txt" --wait
end=$(date +%s%N)
expect_rc "with --wait the writer succeeds" 0
check "it waited for the holder to let go (over 1 s of its 2 s)" test $(( (end - start) / 1000000 )) -ge 1000
check "and made version 2" test "$(head_version)" = 2
wait "$holder" 2>/dev/null

# Two writers racing with --wait both get in, one after the other.
hold_lock 2
rc_a=0; rc_b=0
"$HOSO" add $D "$TMP/three.txt" --wait >/dev/null 2>&1 & pa=$!
"$HOSO" rm $D one.txt --wait >/dev/null 2>&1 & pb=$!
wait $pa || rc_a=$?
wait $pb || rc_b=$?
check "two waiting writers both succeed" test "$rc_a:$rc_b" = "0:0"
check "each made its own version" test "$(head_version)" = 4
wait "$holder" 2>/dev/null
check "the lock is free afterwards" flock -n "$A/lock" true

done_testing
