#!/bin/bash
# The pool of extraction workers: a file that crashes, hangs, spins or eats
# memory costs its own text only, with a reason, in bounded time, while the
# rest of the batch comes out; results (failures too) are cached, so a
# second run extracts nothing; a damaged entry is extracted again; and no
# worker outlives its parent, even one killed with SIGKILL.
#
# Runs tests/extract-pool-run (see its header) and hoso-extract's fault
# hook (HOSO_EXTRACT_FAULT, see tools/hoso-extract.c).
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

: "${HOSO_BUILDDIR:=$(pwd)}"
: "${EXTRACT_POOL_RUN:=$HOSO_BUILDDIR/tests/extract-pool-run}"
: "${HOSO_EXTRACT_WORKER:=$HOSO_BUILDDIR/hoso-extract}"
export HOSO_EXTRACT_WORKER
unset HOSO_EXTRACT_FAULT HOSO_EXTRACT_TIMEOUT HOSO_EXTRACT_CPU HOSO_EXTRACT_MEMORY \
      HOSO_EXTRACT_RECYCLE CANCEL_AFTER HOSO_DEBUG
export HOSO_EXTRACT_WORKERS=2
for prog in "$EXTRACT_POOL_RUN" "$HOSO_EXTRACT_WORKER"; do
  if [ ! -x "$prog" ]; then echo "1..0 # SKIP $prog is not built"; exit 0; fi
done

IN=$TMP/in
mkdir -p "$IN"
for i in 1 2 3 4 5 6; do echo "Hồ sơ đăng ký sản phẩm OCOP số $i: mật ong bạc hà" > "$IN/tệp-$i.txt"; done
echo "chè Shan tuyết" > "$IN/fault-one.txt"
GOOD=("$IN"/tệp-*.txt)

# pool TEXT_DIR FILE...: runs the driver; stdout in $TMP/out, stderr in
# $TMP/err, exit status in $rc, wall time in $ms milliseconds.
pool () {
  local t0; t0=$(date +%s%N)
  rc=0
  "$EXTRACT_POOL_RUN" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# line NAME: the driver's line for the file NAME ("" if none).
line () { awk -v n="$1" '$4 == n' "$TMP/out"; }
# count HOW: how many results came HOW (cached, extracted, killed).
count () { awk -v h="$1" '$2 == h' "$TMP/out" | wc -l; }
workers () { sed -n 's/^# workers started: //p' "$TMP/out"; }
# tidy: the pool, once freed, left no descriptor open and no child process.
tidy () { grep -qx '# fds leaked: 0' "$TMP/out" && grep -qx '# children left: 0' "$TMP/out"; }
results () { grep -vc '^#' "$TMP/out"; }
show () { printf 'exit %s, %s ms\n' "$rc" "$ms"; cat "$TMP/out" "$TMP/err"; }

# the_rest_ok: every file but the fault one came out extracted and ok.
the_rest_ok () {
  [ "$(awk '$4 != "fault-one.txt" && !/^#/ && !($2 == "extracted" && $3 == "ok")' "$TMP/out")" = "" ] \
    && [ "$(results)" = 7 ]
}

# ---- A plain batch ----------------------------------------------------------

pool "$TMP/t-plain" "${GOOD[@]}" "$IN/fault-one.txt"
if [ $rc = 0 ] && [ "$(results)" = 7 ] && [ "$(count extracted)" = 7 ] \
   && [ -z "$(awk '!/^#/ && $3 != "ok"' "$TMP/out")" ] && tidy; then
  ok "plain text files are extracted, status ok; no fd or process left"
else not_ok "plain text files are extracted" "$(show)"; fi

n_entries=$(find "$TMP/t-plain" -name '*.json.z' -not -path "$TMP/t-plain/tmp/*" | wc -l)
if [ "$n_entries" = 7 ] && [ -z "$(ls -A "$TMP/t-plain/tmp")" ]; then
  ok "one cache entry per file, in fan-out folders, nothing left in tmp/"
else not_ok "cache entries" "$(find "$TMP/t-plain")"; fi

pool "$TMP/t-plain" "${GOOD[@]}" "$IN/fault-one.txt"
if [ $rc = 0 ] && [ "$(count cached)" = 7 ] && [ "$(workers)" = 0 ]; then
  ok "a second run answers everything from the cache and starts no worker"
else not_ok "second run" "$(show)"; fi

cp "$IN/tệp-1.txt" "$IN/copy of tệp-1.txt"
pool "$TMP/t-dup" "$IN/tệp-1.txt" "$IN/tệp-1.txt" "$IN/copy of tệp-1.txt"
if [ $rc = 0 ] && [ "$(results)" = 1 ]; then ok "the same content queued three times is extracted once"
else not_ok "duplicates" "$(show)"; fi
rm "$IN/copy of tệp-1.txt"

odd=$(printf '%s/in/a b%%20c\nd & “đ”.txt' "$TMP")
echo "tên tệp lạ" > "$odd"
pool "$TMP/t-odd" "$odd"
if [ $rc = 0 ] && grep -q ' extracted ok ' "$TMP/out"; then
  ok "a file name with spaces, %, a newline and Vietnamese goes through the protocol"
else not_ok "odd file name" "$(show)"; fi
rm "$odd"

# ---- Faults -------------------------------------------------------------------

# fault_case KIND WANT-REGEX MAX-MS [VAR=VALUE...]: a batch of six good files
# and one fault file under HOSO_EXTRACT_FAULT=KIND.
fault_case () {
  local kind=$1 want=$2 max_ms=$3; shift 3
  rc=0
  local t0; t0=$(date +%s%N)
  env HOSO_EXTRACT_FAULT="$kind" "$@" "$EXTRACT_POOL_RUN" "$TMP/t-$kind" \
    "${GOOD[@]}" "$IN/fault-one.txt" >"$TMP/out" 2>"$TMP/err" || rc=$?
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  local l; l=$(line fault-one.txt)
  if [ $rc != 0 ]; then not_ok "$kind: the run goes on" "$(show)"
  elif ! [[ $l =~ ^[0-9a-f]{12}\ killed\ failed\ fault-one.txt\ $want ]]; then
    not_ok "$kind: the file fails with the reason" "got: $l" "$(show)"
  elif ! the_rest_ok; then not_ok "$kind: the other files still come out ok" "$(show)"
  elif [ "$ms" -gt "$max_ms" ]; then not_ok "$kind: within $max_ms ms" "$(show)"
  elif [ -n "$(ls -A "$TMP/t-$kind/tmp")" ]; then not_ok "$kind: tmp/ is left clean" "$(ls -A "$TMP/t-$kind/tmp")"
  elif ! tidy; then not_ok "$kind: no fd or process left" "$(show)"
  else ok "$kind: “${l#* fault-one.txt }” in $ms ms, the other 6 files ok"; fi
}

fault_case crash 'text extraction failed: the extractor crashed \(signal 11' 20000
fault_case hang 'text extraction failed: timed out after 2 s$' 20000 HOSO_EXTRACT_TIMEOUT=2
if [ "$ms" -ge 1900 ]; then ok "hang: killed at the 2 s wall-clock limit, not before ($ms ms)"
else not_ok "hang: killed too early" "$(show)"; fi
fault_case spin 'text extraction failed: the extractor used more than 1 s of CPU$' 20000 \
  HOSO_EXTRACT_CPU=1 HOSO_EXTRACT_TIMEOUT=60
fault_case oom 'text extraction failed: the extractor ran out of memory \(limit 300 MiB\)$' 30000 \
  HOSO_EXTRACT_MEMORY=300

# A failure is cached like any result: the next run does not try again.
env HOSO_EXTRACT_FAULT=hang "$EXTRACT_POOL_RUN" "$TMP/t-hang" "${GOOD[@]}" "$IN/fault-one.txt" \
  >"$TMP/out" 2>"$TMP/err" || rc=$?
if [[ $(line fault-one.txt) =~ \ cached\ failed\ fault-one.txt\ text\ extraction\ failed:\ timed\ out ]] \
   && [ "$(workers)" = 0 ]; then
  ok "a failure is cached: the hanging file is not tried again"
else not_ok "failure cached" "$(cat "$TMP/out" "$TMP/err")"; fi

# The default wall-clock limit is 60 s: without HOSO_EXTRACT_TIMEOUT a
# hang would still be running after 3 s.
rc=0
HOSO_EXTRACT_FAULT=hang timeout 3 "$EXTRACT_POOL_RUN" "$TMP/t-hang60" "$IN/fault-one.txt" \
  >"$TMP/out" 2>&1 || rc=$?
if [ $rc = 124 ]; then ok "without HOSO_EXTRACT_TIMEOUT the limit is longer than 3 s"
else not_ok "default timeout" "exit $rc" "$(cat "$TMP/out")"; fi

# ---- Recycling ------------------------------------------------------------------

many=()
for i in $(seq 1 12); do echo "trang $i của hồ sơ" > "$IN/nhiều-$i.txt"; many+=("$IN/nhiều-$i.txt"); done
pool "$TMP/t-recycle" "${many[@]}"
default_workers=$(workers)
HOSO_EXTRACT_RECYCLE=1 pool "$TMP/t-recycle1" "${many[@]}"
if [ $rc = 0 ] && [ "$(count extracted)" = 12 ] && [ -z "$(awk '!/^#/ && $3 != "ok"' "$TMP/out")" ] \
   && [ "$(workers)" = 12 ] && [ "$default_workers" = 2 ] && tidy; then
  ok "HOSO_EXTRACT_RECYCLE=1: 12 files, 12 workers, all ok (2 workers by default)"
else not_ok "recycling" "default run: $default_workers workers" "$(show)"; fi

HOSO_EXTRACT_RECYCLE=5 pool "$TMP/t-recycle5" "${many[@]}"
if [ $rc = 0 ] && [ "$(count extracted)" = 12 ] && [ "$(workers)" -ge 3 ] && [ "$(workers)" -le 4 ]; then
  ok "HOSO_EXTRACT_RECYCLE=5: 12 files on $(workers) workers"
else not_ok "recycling after 5" "$(show)"; fi

# ---- The cache ------------------------------------------------------------------

# zlib_stored TEXT: TEXT (ASCII) as a zlib stream of one stored block,
# made by hand so the test needs no zlib tool.
zlib_stored () {
  local s=$1 n=${#1} a=1 b=0 i c
  for ((i = 0; i < n; i++)); do
    printf -v c '%d' "'${s:i:1}"
    a=$(( (a + c) % 65521 )); b=$(( (b + a) % 65521 ))
  done
  local x=$(( 0xffff ^ n )) sum=$(( (b << 16) | a ))
  printf "$(printf '\\x78\\x01\\x01\\x%02x\\x%02x\\x%02x\\x%02x' $((n & 255)) $((n >> 8)) $((x & 255)) $((x >> 8)))"
  printf '%s' "$s"
  printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((sum >> 24)) $(((sum >> 16) & 255)) $(((sum >> 8) & 255)) $((sum & 255)))"
}

# Damage four entries of t-plain: not zlib, a truncated stream, sound zlib
# of JSON that is not an extraction, and a symbolic link.
entries=($(find "$TMP/t-plain" -name '*.json.z' -not -path "$TMP/t-plain/tmp/*" | sort))
echo "not zlib at all" > "${entries[0]}"
head -c 20 "${entries[1]}" > "$TMP/short" && cat "$TMP/short" > "${entries[1]}"
zlib_stored '{"format":1,"status":"ok","bogus":true}' > "${entries[2]}"
cp "${entries[4]}" "$TMP/elsewhere.json.z" && ln -sf "$TMP/elsewhere.json.z" "${entries[3]}"
pool "$TMP/t-plain" "${GOOD[@]}" "$IN/fault-one.txt"
if [ $rc = 0 ] && [ "$(count extracted)" = 4 ] && [ "$(count cached)" = 3 ] \
   && [ -z "$(awk '!/^#/ && $3 != "ok"' "$TMP/out")" ]; then
  ok "four damaged entries are extracted again, the other three come from the cache"
else not_ok "damaged entries" "$(show)"; fi
pool "$TMP/t-plain" "${GOOD[@]}" "$IN/fault-one.txt"
if [ "$(count cached)" = 7 ] && [ ! -L "${entries[3]}" ]; then ok "the re-extracted entries are sound"
else not_ok "re-extracted entries" "$(show)"; fi

# An entry that inflates to 300 MiB of zeros (the deflate data of gzip with
# a zlib header: the bound stops it long before the checksum) is damaged.
# Outside sanitizers the driver runs under a 1 GB address-space limit.
{ printf '\x78\x9c'; head -c 300M /dev/zero | gzip -1 | tail -c +11; } > "${entries[5]}"
limit=1000000
if ldd "$EXTRACT_POOL_RUN" 2>/dev/null | grep -q libasan; then limit=unlimited; fi
rc=0
( ulimit -v $limit; "$EXTRACT_POOL_RUN" "$TMP/t-plain" "${GOOD[@]}" "$IN/fault-one.txt" ) \
  >"$TMP/out" 2>"$TMP/err" || rc=$?
if [ $rc = 0 ] && [ "$(count extracted)" = 1 ] && [ "$(count cached)" = 6 ]; then
  ok "an entry that inflates past the bound is damaged, and read in bounded memory"
else not_ok "inflating entry" "$(show)"; fi

# Leftovers of runs killed a day ago are removed; recent ones are not.
touch -d '2 days ago' "$TMP/t-plain/tmp/w1-1.json.z"
touch "$TMP/t-plain/tmp/w2-1.json.z"
pool "$TMP/t-plain" "$IN/tệp-1.txt"
if [ ! -e "$TMP/t-plain/tmp/w1-1.json.z" ] && [ -e "$TMP/t-plain/tmp/w2-1.json.z" ]; then
  ok "a temporary entry older than a day is removed, a recent one is kept"
else not_ok "stale temporaries" "$(ls -la "$TMP/t-plain/tmp")"; fi

# ---- Failing to start, cancelling, dying ------------------------------------

HOSO_EXTRACT_WORKER=$TMP/nowhere/hoso-extract pool "$TMP/t-noworker" "${GOOD[@]}"
if [ $rc = 1 ] && grep -q "nowhere/hoso-extract" "$TMP/err" \
   && [ -z "$(find "$TMP/t-noworker" -name '*.json.z')" ]; then
  ok "a missing worker fails the run, names the program and caches no failure"
else not_ok "missing worker" "$(show)"; fi

HOSO_EXTRACT_MEMORY=1 pool "$TMP/t-nomem" "${GOOD[@]}"
if [ $rc = 1 ] && grep -q "before it was ready" "$TMP/err" \
   && [ -z "$(find "$TMP/t-nomem" -name '*.json.z')" ]; then
  ok "a worker that cannot even start fails the run and caches no failure"
else
  case "$(cat "$TMP/out")" in
    *"extracted ok"*) skip "no RLIMIT_AS in this build (sanitizers)" ;;
    *) not_ok "worker that cannot start" "$(show)" ;;
  esac
fi

CANCEL_AFTER=2 HOSO_EXTRACT_WORKERS=1 pool "$TMP/t-cancel" "${many[@]}"
first="$rc $(results) $(tidy && echo tidy)"
pool "$TMP/t-cancel" "${many[@]}"
if [ "$first" = "3 2 tidy" ] && [ "$(count cached)" = 2 ] && [ "$(count extracted)" = 10 ]; then
  ok "a cancelled run keeps what it did; the next run does the rest"
else not_ok "cancel" "first run (exit, results, tidy): $first" "$(show)"; fi

# A parent killed with SIGKILL takes its workers with it (PR_SET_PDEATHSIG).
# Our processes are told apart by a variable in their environment.
mark="hoso-t0100-$$-$RANDOM"
marked () {
  local p
  for p in /proc/[0-9]*; do
    if { tr '\0' '\n' < "$p/environ"; } 2>/dev/null | grep -qx "HOSO_T0100_MARK=$mark"; then
      echo "${p#/proc/}"
    fi
  done
}
HOSO_T0100_MARK=$mark HOSO_EXTRACT_FAULT=hang \
  "$EXTRACT_POOL_RUN" "$TMP/t-kill" "$IN/fault-one.txt" "${many[@]}" >/dev/null 2>&1 &
parent=$!
for _ in $(seq 50); do
  kids=$(marked | grep -vx "$parent")
  [ -n "$kids" ] && break
  sleep 0.1
done
{ kill -9 "$parent"; wait "$parent"; } 2>/dev/null   # no "Killed" notice
for _ in $(seq 50); do
  left=$(marked)
  [ -z "$left" ] && break
  sleep 0.1
done
if [ -n "$kids" ] && [ -z "$left" ]; then
  ok "SIGKILL of the parent leaves no worker behind ($(echo $kids | wc -w) were running)"
else not_ok "workers outlive their parent" "workers: $kids" "left: $left"; fi

# ---- A PDF that makes poppler loop ----------------------------------------------

# 400 MB of "q Q " operators behind a 390 KB flate stream: poppler parses on
# and on (pdftotext takes minutes), so only the wall clock ends it.
python3 "$HOSO_SRCDIR/tests/data/extract/make-loop-pdf.py" "$IN/loop.pdf" 400000000
export HOSO_EXTRACT_TIMEOUT=3
pool "$TMP/t-loop" "$IN/loop.pdf" "${GOOD[@]}"
unset HOSO_EXTRACT_TIMEOUT
l=$(line loop.pdf)
if [ $rc = 0 ] && [[ $l =~ \ killed\ failed\ loop.pdf\ text\ extraction\ failed:\ timed\ out\ after\ 3\ s$ ]] \
   && [ "$(awk '!/^#/ && $4 ~ /^tệp/ && $3 == "ok"' "$TMP/out" | wc -l)" = 6 ] && [ "$ms" -lt 20000 ] && tidy; then
  ok "a PDF that makes poppler loop is killed at the wall clock ($ms ms), the rest comes out"
else not_ok "poppler loop" "$(show)"; fi

# ---- Real files from the extractor's fixtures --------------------------------

# Every fixture gets a result from its extractor (none kills a worker), the
# damaged ones and the bombs fail with a reason, and the batch goes on.
fixtures=()
for f in "$HOSO_SRCDIR"/tests/data/extract/*; do
  case $f in *.py) ;; *) [ -f "$f" ] && fixtures+=("$f") ;; esac
done
if [ ${#fixtures[@]} -gt 0 ]; then
  pool "$TMP/t-fixtures" "${fixtures[@]}" "${GOOD[@]}"
  distinct=$(for f in "${fixtures[@]}"; do sha512sum < "$f"; done | sort -u | wc -l)
  if [ $rc = 0 ] && [ "$(count killed)" = 0 ] && [ "$(results)" = $((distinct + 6)) ] \
     && [ "$(awk '!/^#/ && $4 ~ /^tệp/ && $3 == "ok"' "$TMP/out" | wc -l)" = 6 ] \
     && [ "$ms" -lt 60000 ]; then
    ok "${#fixtures[@]} extractor fixtures: each gets a result, no worker dies ($ms ms)"
  else not_ok "extractor fixtures" "distinct contents: $distinct, killed: $(count killed), results: $(results)" "$(show)"; fi
  bad=$(awk '!/^#/ && $4 ~ /^(truncated|corrupted|bomb)/ && !($3 == "failed" && NF > 4)' "$TMP/out")
  n_bad=$(awk '!/^#/ && $4 ~ /^(truncated|corrupted|bomb)/' "$TMP/out" | wc -l)
  if [ "$n_bad" -gt 0 ] && [ -z "$bad" ]; then
    ok "$n_bad damaged or bomb fixtures fail with a reason"
  else not_ok "damaged fixtures" "$(show)"; fi
  diag "$(awk '!/^#/ && $4 ~ /^(truncated|corrupted|bomb|laughs)/' "$TMP/out")"
else
  skip "no fixtures in tests/data/extract/ yet"
  skip "no fixtures in tests/data/extract/ yet"
fi

done_testing
