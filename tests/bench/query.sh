#!/usr/bin/env bash
# tests/bench/query.sh: how long a search takes, the top 10 with snippets,
# next to Recoll's recollq measured in the same run.
#
# Usage: tests/bench/query.sh [--runs N] [--repeat N]
#                             [--corpus DIR [--count N] | --size N]
#                             [--hoso PATH] [--search-bench PATH]
#
# It builds an archive of the corpus (one hoso add --defer-text per
# dossier, then hoso index) and a Recoll index of the same PDFs, then
# measures over the queries of the corpus's queries.tsv (with and without
# diacritics):
#   (a) in-process: tests/bench/search-bench, hoso_catalog_search () for
#       the top 10 with snippets, --repeat times each query (default 20)
#   (b) a whole process: hoso search -n 10 QUERY, --repeat / 2 times each
#   (c) a whole process: recollq -A -n 10 QUERY (with abstracts), the same
# Each of (a)-(c) runs --runs times (default 3); the medians of their p50
# and p95 are shown.  The corpus is as for index.sh (default: the 200 PDFs
# of ../shared/corpus/make-corpus.sh).  search-bench is built on demand in
# hoso's build folder (make tests/bench/search-bench) unless --search-bench
# or $SEARCH_BENCH names it; without it, (a) is left out.
# A benchmark, not a test: it prints figures and targets, and fails only
# when a command fails.
PROG=query.sh
. "$(dirname "$0")/common.sh"

RUNS=3 REPEAT=20 HOSO=${HOSO:-} CORPUS='' COUNT='' SIZE='' SEARCH_BENCH=${SEARCH_BENCH:-}
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --repeat) REPEAT=${2:?--repeat needs a number}; shift ;;
    --corpus) CORPUS=${2:?--corpus needs a folder}; shift ;;
    --count) COUNT=${2:?--count needs a number}; shift ;;
    --size) SIZE=${2:?--size needs a number}; shift ;;
    --hoso) HOSO=${2:?--hoso needs a path}; shift ;;
    --search-bench) SEARCH_BENCH=${2:?--search-bench needs a path}; shift ;;
    -h|--help) usage ;;
    *) echo "$PROG: unknown argument: $1" >&2; usage ;;
  esac
  shift
done
need_number --runs "$RUNS"
need_number --repeat "$REPEAT"
[ -z "$COUNT" ] || need_number --count "$COUNT"
[ -z "$SIZE" ] || need_number --size "$SIZE"
for t in recollindex recollq python3; do
  command -v "$t" >/dev/null || die "$t is missing: apt-get install recoll python3"
done

bench_setup 200
[ -n "$SEARCH_BENCH" ] || SEARCH_BENCH=$(bench_program search-bench)
ARCHIVE=$WORK/archive
PROC_REPEAT=$(((REPEAT + 1) / 2))
echo "Corpus: $CORPUS_FROM: $DOCS PDFs, $PAGES pages; $RUNS run(s) each; $NPROC cores"
echo "hoso: $HOSO"

# The archive, and Recoll's index of the same files.
"$HOSO" init "$ARCHIVE" >/dev/null
add_each_dossier "$ARCHIVE" --defer-text >/dev/null
"$HOSO" --archive "$ARCHIVE" index >/dev/null
read -r ok pages pending failed <<<"$(catalog_pages "$ARCHIVE")"
recoll_config "$WORK/recoll"
RECOLL_CONFDIR=$WORK/recoll recollindex >"$WORK/recollindex.log" 2>&1 ||
  { tail "$WORK/recollindex.log" >&2; die "recollindex failed"; }
echo "Indexed: hoso $ok files, $pages pages ($pending waiting, $failed failed); Recoll $DOCS files"

# The queries: every cell of queries.tsv after its header.
mapfile -t QUERIES < <(tail -n +2 "$CORPUS/queries.tsv" | tr '\t' '\n' | sed '/^$/d' | awk '!seen[$0]++')
[ "${#QUERIES[@]}" -gt 0 ] || die "no queries in $CORPUS/queries.tsv"

# What each finds, once: pages for hoso, documents for Recoll.
printf '\n%-24s %14s %16s\n' "query" "hoso: pages" "recollq: files"
for q in "${QUERIES[@]}"; do
  h=$("$HOSO" --archive "$ARCHIVE" search --json -n 10 "$q" |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
  rq=$(RECOLL_CONFDIR=$WORK/recoll recollq -n 10 "$q" 2>/dev/null | sed -n 's/^\([0-9]*\) results.*/\1/p')
  pad=$((24 - ${#q}))
  printf '%s%*s %14s %16s\n' "$q" "$((pad > 0 ? pad : 0))" "" "$h" "${rq:-0}"
done

# The wall time of each search as a whole process, the two tools taking
# turns (see time_processes in common.sh).
printf '%s\n' "${QUERIES[@]}" >"$WORK/queries.txt"
process_times () {
  time_processes "$PROC_REPEAT" "$WORK/queries.txt" \
    "$(printf 'hoso\t-\t%s\t--archive\t%s\tsearch\t-n\t10\t{}' "$HOSO" "$ARCHIVE")" \
    "$(printf 'recollq\tRECOLL_CONFDIR=%s\trecollq\t-A\t-n\t10\t{}' "$WORK/recoll")"
}

declare -a IN50=() IN95=() H50=() H95=() R50=() R95=()
for r in $(seq "$RUNS"); do
  if [ -n "$SEARCH_BENCH" ]; then
    "$SEARCH_BENCH" --runs "$REPEAT" --limit 10 "$ARCHIVE" "$CORPUS/queries.tsv" >"$WORK/sb.out" ||
      die "search-bench failed"
    [ "$r" != 1 ] || { echo; echo "search-bench, run 1:"; cat "$WORK/sb.out"; }
    IN50+=("$(sed -n 's/^summary:.* p50_ms=\([0-9.]*\).*/\1/p' "$WORK/sb.out")")
    IN95+=("$(sed -n 's/^summary:.* p95_ms=\([0-9.]*\).*/\1/p' "$WORK/sb.out")")
  fi
  process_times >"$WORK/times" || die "a search failed (run by hand: $HOSO --archive $ARCHIVE search ...)"
  mapfile -t T_H < <(awk '$1 == "hoso" { print $2 }' "$WORK/times")
  mapfile -t T_R < <(awk '$1 == "recollq" { print $2 }' "$WORK/times")
  H50+=("$(percentile 50 "${T_H[@]}")") H95+=("$(percentile 95 "${T_H[@]}")")
  R50+=("$(percentile 50 "${T_R[@]}")") R95+=("$(percentile 95 "${T_R[@]}")")
  inproc="in-process: not measured;"
  [ -z "$SEARCH_BENCH" ] || inproc="in-process p50 ${IN50[-1]} ms p95 ${IN95[-1]} ms;"
  echo "  run $r: $inproc" \
       "hoso search p50 ${H50[-1]} ms p95 ${H95[-1]} ms; recollq p50 ${R50[-1]} ms p95 ${R95[-1]} ms"
done

# ---------------------------------------------------------------- report
in50=- in95=-
if [ -n "$SEARCH_BENCH" ]; then in50=$(median "${IN50[@]}") in95=$(median "${IN95[@]}"); fi
awk -v runs="$RUNS" -v n="${#QUERIES[@]}" -v rep="$REPEAT" -v prep="$PROC_REPEAT" \
    -v in50="$in50" -v in95="$in95" \
    -v h50="$(median "${H50[@]}")" -v h95="$(median "${H95[@]}")" \
    -v r50="$(median "${R50[@]}")" -v r95="$(median "${R95[@]}")" '
function verdict(ok) { return ok ? "ok" : "MISSED" }
BEGIN {
  printf "\n%-52s %9s %9s\n", "query benchmark, top 10 with snippets (median of " runs ")", "p50 ms", "p95 ms"
  if (in50 != "-")
    printf "%-52s %9.3f %9.3f\n", "(a) hoso_catalog_search, in-process (" n " x " rep ")", in50, in95
  else
    printf "%-52s %9s %9s\n", "(a) hoso_catalog_search: search-bench not built", "-", "-"
  printf "%-52s %9.1f %9.1f\n", "(b) hoso search, a process each (" n " x " prep ")", h50, h95
  printf "%-52s %9.1f %9.1f\n", "(c) recollq -A, a process each (" n " x " prep ")", r50, r95
  printf "\n"
  if (in50 != "-")
    printf "%-52s %9.3f   target < 5 ms   %s\n", "(a) p95 in-process (ms)", in95, verdict(in95 < 5)
  printf "%-52s %9.2f   target >= 3     %s\n", "recollq p50 / hoso search p50", r50 / h50, verdict(r50 / h50 >= 3)
  printf "%-52s %9.2f   (same, at p95)\n", "recollq p95 / hoso search p95", r95 / h95
}'
echo "(corpus: $DOCS PDFs, $PAGES pages)"
