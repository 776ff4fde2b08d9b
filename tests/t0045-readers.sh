#!/bin/bash
# Readers take no lock: while a writer commits version after version,
# readers list, read and verify the same dossier at the same time, and
# every read succeeds with a consistent version (a reader that meets a
# root inventory being replaced retries).
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

A=$TMP/archive
"$HOSO" init "$A" >/dev/null
echo "bản 0" > "$TMP/phiếu.pdf"
"$HOSO" --archive "$A" add QNA-2024-0012 "$TMP/phiếu.pdf" >/dev/null

# The writer: 20 versions, each with new content for phiếu.pdf, pausing at
# every step of each commit so that readers meet every in-between state,
# among them a root inventory already replaced but its sidecar not yet.
(
  export HOSO_FAULT_STEP_DELAY_MS=40
  for i in $(seq 1 20); do
    echo "bản $i" > "$TMP/w-phiếu.pdf"
    "$HOSO" --archive "$A" add QNA-2024-0012 "$TMP/w-phiếu.pdf" --as phiếu.pdf --wait \
      >/dev/null 2>"$TMP/writer.err" || { echo "writer failed at $i" >"$TMP/writer.failed"; exit 1; }
  done
) &
writer=$!

reads=0 bad=0
while kill -0 "$writer" 2>/dev/null; do
  reads=$((reads + 1))
  rc=0
  "$HOSO" --archive "$A" get QNA-2024-0012 phiếu.pdf >"$TMP/got" 2>"$TMP/reader.err" || rc=$?
  # Whatever version the reader saw, the bytes are one of the versions'.
  if [ $rc != 0 ] || ! grep -qx "bản [0-9]*" "$TMP/got"; then
    bad=$((bad + 1)); diag "read $reads: exit $rc, got “$(head -c 80 "$TMP/got")”: $(cat "$TMP/reader.err")"
  fi
  rc=0
  "$HOSO" --archive "$A" ls QNA-2024-0012 >/dev/null 2>"$TMP/reader.err" || rc=$?
  [ $rc = 0 ] || { bad=$((bad + 1)); diag "ls $reads: exit $rc: $(cat "$TMP/reader.err")"; }
done
wait "$writer"

if [ ! -f "$TMP/writer.failed" ] && [ "$(head_of "$A" QNA-2024-0012)" = 21 ]; then
  ok "the writer made its 20 versions while readers read"
else
  not_ok "the writer made its 20 versions" "$(cat "$TMP/writer.failed" "$TMP/writer.err" 2>/dev/null)"
fi
if [ $bad = 0 ] && [ $reads -ge 20 ]; then ok "$reads rounds of get and ls during the commits, all consistent"
else not_ok "reads during the commits" "$bad bad of $reads"; fi
check "the archive verifies clean afterwards" "$HOSO" --archive "$A" verify

done_testing
