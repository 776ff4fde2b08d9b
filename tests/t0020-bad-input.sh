#!/bin/bash
# Bad input gets one clear message naming the thing and the reason, a
# non-zero exit, no new version, and an empty staging/.
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

A=$TMP/archive
"$HOSO" init "$A" >/dev/null || { echo "Bail out! hoso init failed"; exit 1; }
mkdir -p "$TMP/in/one" "$TMP/in/two"
echo "báo cáo" > "$TMP/in/one/a.pdf"
echo "khác" > "$TMP/in/two/a.pdf"
echo "v1" > "$TMP/in/first.pdf"
"$HOSO" --archive "$A" add QNA-2024-0012 "$TMP/in/first.pdf" -m "first" >/dev/null \
  || { echo "Bail out! first add failed"; exit 1; }

# refused DESCRIPTION WANT-RC WORD ARGS...: hoso ARGS must exit WANT-RC,
# print WORD (the thing it names) on stderr, and leave the dossier at v1.
refused () {
  local desc=$1 want=$2 word=$3; shift 3
  run_hoso --archive "$A" "$@"
  local head; head=$(head_of "$A" QNA-2024-0012)
  if [ "$rc" != "$want" ]; then
    not_ok "$desc" "exit $rc, wanted $want" "$(cat "$TMP/err")"
  elif ! grep -qF -- "$word" "$TMP/err"; then
    not_ok "$desc" "message does not name “$word”" "$(cat "$TMP/err")"
  elif [ "$(grep -c . "$TMP/err")" -gt 3 ]; then
    not_ok "$desc" "more than one message" "$(cat "$TMP/err")"
  elif [ "$head" != 1 ]; then
    not_ok "$desc" "head is v$head, wanted v1"
  elif ! staging_empty "$A"; then
    not_ok "$desc" "staging/ is not empty: $(ls -A "$A/staging")"
  else
    ok "$desc"
  fi
}

refused "missing file" 2 "nothere.pdf" add QNA-2024-0012 "$TMP/in/nothere.pdf"
refused "missing file among good ones" 2 "nothere.pdf" \
  add QNA-2024-0012 "$TMP/in/one/a.pdf" "$TMP/in/nothere.pdf"
# Root can read any file whatever its mode, so read errors are real ones
# from the kernel: reading /proc/self/mem at offset 0 fails with EIO.
refused "unreadable file (I/O error)" 2 "mem" add QNA-2024-0012 /proc/self/mem
refused "not a regular file" 2 "null" add QNA-2024-0012 /dev/null
refused "dossier id with a slash" 2 "../x" add ../x "$TMP/in/one/a.pdf"
refused "dossier id with a space" 2 "a b" add "a b" "$TMP/in/one/a.pdf"
refused "dossier id too long" 2 "64" add "$(printf 'A%.0s' $(seq 65))" "$TMP/in/one/a.pdf"
refused "dossier id starting with a dot" 2 ".x" add ".x" "$TMP/in/one/a.pdf"
refused "path with .." 2 ".." add QNA-2024-0012 "$TMP/in/one/a.pdf" --as "../../etc/passwd"
refused "absolute path" 2 "/etc/x" add QNA-2024-0012 "$TMP/in/one/a.pdf" --as "/etc/x"
refused "empty segment" 2 "a//b" add QNA-2024-0012 "$TMP/in/one/a.pdf" --as "a//b"
refused "two files to one path" 2 "a.pdf" add QNA-2024-0012 "$TMP/in/one/a.pdf" "$TMP/in/two/a.pdf"
refused "names differing only by case" 2 "First.pdf" \
  add QNA-2024-0012 "$TMP/in/one/a.pdf" --as "First.pdf"

# A file name that is not UTF-8 can not become a logical path.
bad=$(printf '%s/in/bad-\377.pdf' "$TMP")
echo x > "$bad"
refused "file name not in UTF-8" 2 "UTF-8" add QNA-2024-0012 "$bad"
rm -f "$bad"

mkdir -p "$TMP/in/loop/sub"
echo x > "$TMP/in/loop/sub/x.pdf"
ln -s .. "$TMP/in/loop/sub/up"
refused "folder with a symbolic link loop" 2 "loop" add QNA-2024-0012 "$TMP/in/loop"

# The lock holder lets go by itself; killing flock would leave sleep holding it.
flock "$A/lock" sleep 1.5 &
locker=$!
sleep 0.3
refused "second writer" 3 "--wait" add QNA-2024-0012 "$TMP/in/one/a.pdf"
wait "$locker"

run_hoso --archive "$TMP/nowhere" list
if [ "$rc" = 2 ] && grep -q "hoso init" "$TMP/err"; then ok "not an archive: says how to make one"
else not_ok "not an archive" "exit $rc" "$(cat "$TMP/err")"; fi

# A full disk at every write of a commit: each fails cleanly, until the
# commit has no write left to fail and succeeds.
k=1
enospc_ok=1
while [ $k -le 200 ]; do
  rc=0
  HOSO_FAULT_ENOSPC_AT=$k "$HOSO" --archive "$A" add QNA-2024-0012 "$TMP/in/one" \
    >"$TMP/out" 2>"$TMP/err" || rc=$?
  [ $rc = 0 ] && break
  head=$(head_of "$A" QNA-2024-0012)
  if ! grep -q "No space left" "$TMP/err" || [ "$head" != 1 ] || ! staging_empty "$A"; then
    enospc_ok=0
    diag "ENOSPC at write $k: exit $rc, head v$head, staging: $(ls -A "$A/staging")" "$(cat "$TMP/err")"
    break
  fi
  k=$((k + 1))
done
if [ $enospc_ok = 1 ] && [ $k -gt 1 ] && [ "$(head_of "$A" QNA-2024-0012)" = 2 ]; then
  ok "full disk at each of $((k - 1)) writes: refused cleanly each time, then committed"
else
  not_ok "full disk at every write" "stopped at write $k"
fi

run_hoso --archive "$A" verify
expect_rc "archive verifies clean after all the refusals" 0

done_testing
