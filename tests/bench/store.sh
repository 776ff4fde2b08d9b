#!/usr/bin/env bash
# tests/bench/store.sh: how fast "hoso add" stores a corpus, next to the
# tools it should be compared with, measured in the same run.
#
# Usage: tests/bench/store.sh [--quick] [--runs N] [--corpus DIR] [--hoso PATH]
#
#   (a) cp -r CORPUS DEST && sync          what copying the bytes costs
#   (b) sha512sum over every file          what hashing the bytes costs
#   (c) hoso add BENCH-1 CORPUS            into a fresh archive, its syncs included
#   (d) hoso add BENCH-1 CORPUS again      unchanged: should cost no more than (b)
#   (e) peak RSS of hoso add of one 2 GiB file, next to sha512sum's
#
# Each of (a)-(d) runs --runs times (default 3) and the median is shown.
# The corpus is, unless --corpus names one, 2,000 text PDFs from
# ../shared/corpus/make-corpus.sh (kept in $BENCH_DIR for the next run),
# topped up with random-content files to at least 1 GiB.  --quick: 200 PDFs,
# no top-up, one run; a smoke test of this script, not a measurement.
# Works under ${BENCH_DIR:-/tmp/hoso-bench}; removes its big files at the end.
# This is a benchmark, not a test: it prints figures and targets, and fails
# only when a command fails.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
SHARED=${HOSO_SHARED:-$TOP/../shared}
BENCH_DIR=${BENCH_DIR:-/tmp/hoso-bench}
export LC_ALL=C.UTF-8   # hoso's messages are read below; keep them untranslated
QUICK=0 RUNS='' CORPUS='' HOSO=${HOSO:-}
GIB=$((1024 * 1024 * 1024))

die () { echo "store.sh: $*" >&2; exit 1; }
usage () { sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --corpus) CORPUS=${2:?--corpus needs a folder}; shift ;;
    --hoso) HOSO=${2:?--hoso needs a path}; shift ;;
    -h|--help) usage ;;
    *) echo "store.sh: unknown argument: $1" >&2; usage ;;
  esac
  shift
done
if [ -z "$RUNS" ]; then RUNS=$([ "$QUICK" = 1 ] && echo 1 || echo 3); fi
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number, not '$RUNS'"

# The binary: --hoso, $HOSO, an in-place build, or _build/.
if [ -z "$HOSO" ]; then
  for h in "$TOP/hoso" "$TOP/_build/hoso"; do [ -x "$h" ] && { HOSO=$h; break; }; done
fi
if [ -z "$HOSO" ] || [ ! -x "$HOSO" ]; then
  die "no hoso binary found; build it (./quickstart demo) or pass --hoso PATH"
fi
HOSO=$(cd "$(dirname "$HOSO")" && pwd)/$(basename "$HOSO")
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time"

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
WORK=$BENCH_DIR/work
rm -rf "$WORK"
mkdir -p "$WORK"
TOPUP=
cleanup () {
  rm -rf "$WORK"
  if [ -n "$TOPUP" ]; then rm -rf "$TOPUP"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- the corpus
if [ -z "$CORPUS" ]; then
  n=$([ "$QUICK" = 1 ] && echo 200 || echo 2000)
  CORPUS=$BENCH_DIR/corpus-$n
  if [ ! -f "$CORPUS.complete" ]; then
    maker=$SHARED/corpus/make-corpus.sh
    [ -f "$maker" ] || die "no corpus given and $maker is absent; set HOSO_SHARED or pass --corpus DIR"
    for t in python3 pango-view pdfunite img2pdf /usr/bin/convert; do
      command -v "$t" >/dev/null ||
        die "$t is missing; make-corpus.sh needs: apt-get install python3 pango1.0-tools fonts-dejavu-core poppler-utils imagemagick img2pdf"
    done
    echo "Generating $n PDFs in $CORPUS (about $((n / 200)) min on 2 cores)..."
    rm -rf "$CORPUS" "$CORPUS.complete"
    bash "$maker" "$CORPUS" "$n" 0 >"$BENCH_DIR/make-corpus.log" 2>&1 ||
      { tail -20 "$BENCH_DIR/make-corpus.log" >&2; die "make-corpus.sh failed (log: $BENCH_DIR/make-corpus.log)"; }
    rm -rf "$CORPUS/scan"   # empty with 0 scans
    touch "$CORPUS.complete"
  fi
fi
[ -d "$CORPUS" ] || die "corpus $CORPUS is not a folder"
CORPUS=$(cd "$CORPUS" && pwd)

corpus_bytes () { find "$CORPUS" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
if [ "$QUICK" = 0 ] && [ "$(corpus_bytes)" -lt "$GIB" ]; then
  # Scanned dossiers are large; random content stands for them and, unlike
  # zeros, cannot be shortcut by any layer below.
  TOPUP=$CORPUS/hoso-bench-topup
  mkdir -p "$TOPUP"
  i=0
  while [ "$(corpus_bytes)" -lt "$GIB" ]; do
    i=$((i + 1))
    head -c $((96 * 1024 * 1024)) /dev/urandom >"$TOPUP/scan-$i.bin"
  done
  echo "Topped the corpus up with $i random files of 96 MiB in $TOPUP"
fi
BYTES=$(corpus_bytes)
FILES=$(find "$CORPUS" -type f | wc -l)
[ "$FILES" -gt 0 ] || die "corpus $CORPUS has no files"

# ---------------------------------------------------------------- timing
if sync && echo 3 2>/dev/null >/proc/sys/vm/drop_caches; then
  CACHE="cold cache (page cache dropped before each run)"
  drop () { sync; echo 3 >/proc/sys/vm/drop_caches; }
else
  CACHE="warm cache (cannot drop the page cache here: /proc/sys/vm/drop_caches is not writable)"
  drop () { sync; }
fi

# timed CMD...: runs CMD, prints its wall time in seconds.
timed () {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$WORK/cmd.out" 2>&1 || { cat "$WORK/cmd.out" >&2; die "failed: $*"; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}
median () { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); print (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'; }

copy_sync () { cp -r "$CORPUS" "$WORK/copy" && sync; }
hash_all () { find "$CORPUS" -type f -print0 | xargs -0 sha512sum >/dev/null; }
# --defer-text: this benchmark measures the store alone (index.sh measures text).
hoso_add () { "$HOSO" --archive "$WORK/archive" add --defer-text BENCH-1 "$CORPUS" -m "benchmark"; }

echo "Corpus: $CORPUS: $FILES files, $((BYTES / 1000000)) MB; $RUNS run(s) each; $CACHE"
echo "hoso: $HOSO"
declare -a T_CP=() T_SHA=() T_ADD=() T_READD=()
for r in $(seq "$RUNS"); do
  rm -rf "$WORK/copy"; drop
  T_CP+=("$(timed copy_sync)")
  rm -rf "$WORK/copy"; drop
  T_SHA+=("$(timed hash_all)")
  rm -rf "$WORK/archive"
  "$HOSO" init "$WORK/archive" >/dev/null
  drop
  T_ADD+=("$(timed hoso_add)")
  echo "  run $r: cp+sync ${T_CP[-1]} s, sha512sum ${T_SHA[-1]} s, hoso add ${T_ADD[-1]} s"
done
# Re-adding the unchanged corpus to the dossier just made: no new version.
for r in $(seq "$RUNS"); do
  drop
  T_READD+=("$(timed hoso_add)")
  echo "  re-add $r: ${T_READD[-1]} s"
done
grep -q "Nothing changed" "$WORK/cmd.out" ||
  echo "  note: the re-add did not say 'Nothing changed': $(head -c 300 "$WORK/cmd.out")"
rm -rf "$WORK/archive" "$WORK/copy"

# ---------------------------------------------------------------- memory
BIG=$WORK/big-2GiB.bin
if [ "$QUICK" = 1 ]; then
  truncate -s 2G "$BIG"     # sparse: fast to make, same 2 GiB for hoso to read
  BIG_KIND="sparse"
else
  head -c $((2 * GIB)) /dev/urandom >"$BIG"
  BIG_KIND="random"
fi
"$HOSO" init "$WORK/archive-big" >/dev/null
/usr/bin/time -f %M -o "$WORK/rss-hoso" "$HOSO" --archive "$WORK/archive-big" add BIG-1 "$BIG" >/dev/null ||
  die "hoso add of the 2 GiB file failed"
/usr/bin/time -f %M -o "$WORK/rss-sha" sha512sum "$BIG" >/dev/null
RSS_HOSO=$(tail -n1 "$WORK/rss-hoso")
RSS_SHA=$(tail -n1 "$WORK/rss-sha")
rm -rf "$BIG" "$WORK/archive-big"

# ---------------------------------------------------------------- report
M_CP=$(median "${T_CP[@]}") M_SHA=$(median "${T_SHA[@]}")
M_ADD=$(median "${T_ADD[@]}") M_READD=$(median "${T_READD[@]}")
awk -v bytes="$BYTES" -v cp="$M_CP" -v sha="$M_SHA" -v add="$M_ADD" -v readd="$M_READD" \
    -v rh="$RSS_HOSO" -v rs="$RSS_SHA" -v kind="$BIG_KIND" -v runs="$RUNS" '
function rate(t) { return t > 0 ? bytes / 1e6 / t : 0 }
function verdict(ok) { return ok ? "ok" : "MISSED" }
BEGIN {
  printf "\n%-44s %10s %10s\n", "store benchmark (median of " runs ")", "seconds", "MB/s"
  printf "%-44s %10.2f %10.0f\n", "(a) cp -r corpus + sync", cp, rate(cp)
  printf "%-44s %10.2f %10.0f\n", "(b) sha512sum of every file", sha, rate(sha)
  printf "%-44s %10.2f %10.0f\n", "(c) hoso add, fresh archive", add, rate(add)
  printf "%-44s %10.2f %10.0f\n", "(d) hoso add again, unchanged", readd, rate(readd)
  printf "%-44s %10.1f MB (sha512sum: %.1f MB)\n", "(e) peak RSS, hoso add of 2 GiB (" kind ")", rh / 1024, rs / 1024
  a = (add > 0 && cp > 0) ? rate(add) / rate(cp) : 0
  b = sha > 0 ? readd / sha : 0
  printf "\n%-44s %10.2f   target >= 0.7   %s\n", "add speed / (cp+sync) speed", a, verdict(a >= 0.7)
  printf "%-44s %10.2f   target <= 1.0   %s\n", "re-add time / sha512sum time", b, verdict(b <= 1.0)
  printf "%-44s %10.1f   target < 64 MB  %s\n", "peak RSS of hoso add, 2 GiB file (MB)", rh / 1024, verdict(rh / 1024 < 64)
}'
echo "($CACHE; corpus $FILES files, $((BYTES / 1000000)) MB)"
[ "$QUICK" = 0 ] || echo "(--quick: a smoke test of this script, too small and too few runs to judge the targets)"
