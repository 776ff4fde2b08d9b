#!/bin/bash
# Crash safety: hoso add is killed with SIGKILL at every step of a commit
# (HOSO_FAULT_KILL_AT=K); after each, reopening the archive must leave it
# valid, with the dossier at the old or the new version, never anything else.
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

mkdir -p "$TMP/in/v1" "$TMP/in/v2/ảnh"
echo "phiếu kết quả thử nghiệm, bản 1" > "$TMP/in/v1/phiếu.pdf"
echo "phương án kinh doanh" > "$TMP/in/v1/phương-án.pdf"
echo "phiếu kết quả thử nghiệm, bản 2" > "$TMP/in/v2/phiếu.pdf"
echo "phương án kinh doanh" > "$TMP/in/v2/bản-sao.pdf"
head -c 300000 /dev/urandom > "$TMP/in/v2/ảnh/sản-phẩm.jpg"

# crash_loop NAME DOSSIER OLD-HEAD SETUP SRC...: kills "add DOSSIER SRC..." at step
# 1, 2, ... until it completes; after each kill checks the archive.
crash_loop () {
  local name=$1 id=$2 old=$3 setup=$4
  shift 4
  local k=1 failures=0 steps=0
  while [ $k -le 100 ]; do
    local A="$TMP/a-$name-$k"
    $setup "$A"
    rc=0
    # (The group's redirection also swallows bash's own "Killed" notice.)
    { HOSO_FAULT_KILL_AT=$k "$HOSO" --archive "$A" add "$id" "$@" -m "crash test" \
        >/dev/null 2>"$TMP/err" || rc=$?; } 2>/dev/null
    if [ $rc = 0 ]; then steps=$((k - 1)); break; fi
    if [ $rc != 137 ]; then
      failures=$((failures + 1)); diag "step $k: exit $rc, not killed: $(cat "$TMP/err")"
    fi
    # Reopen: verify opens the archive, which recovers, then checks it all.
    local vrc=0
    "$HOSO" --archive "$A" verify >"$TMP/verify" 2>&1 || vrc=$?
    local head; head=$(head_of "$A" "$id")
    if [ $vrc != 0 ]; then
      failures=$((failures + 1)); diag "step $k: verify exit $vrc" "$(cat "$TMP/verify")"
    elif [ "$head" != "$old" ] && [ "$head" != $((old + 1)) ]; then
      failures=$((failures + 1)); diag "step $k: head v$head"
    elif ! staging_empty "$A"; then
      failures=$((failures + 1)); diag "step $k: staging not empty: $(ls -A "$A/staging")"
    elif ! "$HOSO" validate "$A/store" >"$TMP/validate" 2>&1 || grep -q '\[W' "$TMP/validate"; then
      failures=$((failures + 1)); diag "step $k: store not valid" "$(cat "$TMP/validate")"
    elif [ "$head" != 0 ]; then
      # The head's content is what that version should hold.
      local want="$TMP/in/v1/phiếu.pdf"
      [ "$head" = $((old + 1)) ] && [ "$old" != 0 ] && want="$TMP/in/v2/phiếu.pdf"
      if ! "$HOSO" --archive "$A" get "$id" phiếu.pdf -o "$TMP/got" >/dev/null || ! cmp -s "$TMP/got" "$want"; then
        failures=$((failures + 1)); diag "step $k: head v$head holds the wrong phiếu.pdf"
      fi
    fi
    rm -rf "$A"
    k=$((k + 1))
  done
  if [ $failures = 0 ] && [ $steps -ge 5 ]; then
    ok "$name: killed at each of $steps steps, every time recovered to v$old or v$((old + 1))"
  else
    not_ok "$name: $failures bad recoveries over $steps steps"
  fi
}

fresh () { "$HOSO" init "$1" >/dev/null; }
with_v1 () {
  "$HOSO" init "$1" >/dev/null
  "$HOSO" --archive "$1" add QNA-2024-0012 "$TMP/in/v1/phiếu.pdf" "$TMP/in/v1/phương-án.pdf" >/dev/null
}

crash_loop "new dossier" QNA-2024-0012 0 fresh "$TMP/in/v1/phiếu.pdf"
crash_loop "second version" QNA-2024-0012 1 with_v1 \
  "$TMP/in/v2/phiếu.pdf" "$TMP/in/v2/bản-sao.pdf" "$TMP/in/v2/ảnh"

done_testing
