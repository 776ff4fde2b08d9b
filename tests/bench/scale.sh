#!/usr/bin/env bash
# tests/bench/scale.sh: search in a catalog of 100,000 documents, and the
# size of its full-text index next to the size of the text.
#
# Usage: tests/bench/scale.sh [--docs N] [--per-dossier N] [--runs N]
#                             [--repeat N] [--fresh] [--hoso PATH]
#                             [--scale-gen PATH] [--search-bench PATH]
#
# The archive is made by tests/bench/scale-gen: N synthetic documents
# (default 100,000) in the spirit of ../shared/corpus/make-corpus.sh, 2 to
# 20 pages each, in dossiers of --per-dossier documents (default 20),
# committed to the store, their text put in the text cache and indexed by
# hoso's own catalog code and tokenizer (only the reading of PDFs is left
# out: see scale-gen.c).  It is kept in $BENCH_DIR/scale-N (default
# /tmp/hoso-bench) for the next run, since making 100,000 documents takes
# the better part of an hour on 2 cores; --fresh makes it again.
#
# Then, over the queries of make-corpus.sh's queries.tsv:
#   (a) in-process: tests/bench/search-bench, top 10 with snippets,
#       --repeat times each query (default 20)
#   (b) a whole process: hoso search -n 10 QUERY, --repeat / 2 times each
# each --runs times (default 3), the medians of their p50 and p95 shown;
# and the sizes of the catalog's tables (SQLite's dbstat, through the
# sqlite3 command): the full-text index is the page_text_* tables, the
# text itself is the table page.  The programs are built on demand in
# hoso's build folder (make tests/bench/scale-gen tests/bench/search-bench)
# unless named by the options or by $SCALE_GEN and $SEARCH_BENCH.
# A benchmark, not a test: it prints figures and targets, and fails only
# when a command fails.
PROG=scale.sh
. "$(dirname "$0")/common.sh"

DOCS=100000 PER_DOSSIER=20 RUNS=3 REPEAT=20 FRESH=0 HOSO=${HOSO:-}
SCALE_GEN=${SCALE_GEN:-} SEARCH_BENCH=${SEARCH_BENCH:-}
while [ $# -gt 0 ]; do
  case $1 in
    --docs) DOCS=${2:?--docs needs a number}; shift ;;
    --per-dossier) PER_DOSSIER=${2:?--per-dossier needs a number}; shift ;;
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --repeat) REPEAT=${2:?--repeat needs a number}; shift ;;
    --fresh) FRESH=1 ;;
    --hoso) HOSO=${2:?--hoso needs a path}; shift ;;
    --scale-gen) SCALE_GEN=${2:?--scale-gen needs a path}; shift ;;
    --search-bench) SEARCH_BENCH=${2:?--search-bench needs a path}; shift ;;
    -h|--help) usage ;;
    *) echo "$PROG: unknown argument: $1" >&2; usage ;;
  esac
  shift
done
for v in DOCS PER_DOSSIER RUNS REPEAT; do need_number "--$(echo "$v" | tr 'A-Z_' 'a-z-')" "${!v}"; done
for t in sqlite3 python3; do
  command -v "$t" >/dev/null || die "$t is missing: apt-get install sqlite3 python3"
done

bench_work
[ -n "$SCALE_GEN" ] || SCALE_GEN=$(bench_program scale-gen)
[ -n "$SEARCH_BENCH" ] || SEARCH_BENCH=$(bench_program search-bench)
[ -n "$SCALE_GEN" ] && [ -n "$SEARCH_BENCH" ] ||
  die "cannot build tests/bench/scale-gen and search-bench in $BUILD (see $WORK/make-*.log); pass --scale-gen and --search-bench"
PROC_REPEAT=$(((REPEAT + 1) / 2))
echo "hoso: $HOSO; $NPROC cores"

# ---------------------------------------------------------------- the archive
ARCHIVE=$BENCH_DIR/scale-$DOCS
if [ "$FRESH" = 1 ] || [ ! -f "$ARCHIVE.complete" ]; then
  rm -rf "$ARCHIVE" "$ARCHIVE.complete" "$ARCHIVE.gen"
  echo "Making $DOCS documents in $ARCHIVE (about $((DOCS / 3000 + 1)) min on 2 cores)..."
  t0=$EPOCHREALTIME
  "$SCALE_GEN" --docs "$DOCS" --per-dossier "$PER_DOSSIER" "$ARCHIVE" >"$ARCHIVE.gen" 2>"$WORK/gen.err" ||
    { tail "$WORK/gen.err" >&2; die "scale-gen failed"; }
  echo "Made in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s: $(cat "$ARCHIVE.gen")"
  touch "$ARCHIVE.complete"
else
  echo "Using $ARCHIVE, made earlier ($(cat "$ARCHIVE.gen" 2>/dev/null)); --fresh to make it again"
fi

# The queries of make-corpus.sh's queries.tsv, with and without diacritics.
QUERIES_TSV=$WORK/queries.tsv
printf '%s\n' "with_diacritics	without" "măng cụt	mang cut" "đặc sản	dac san" \
  "Tiên Phước	Tien Phuoc" "Hợp tác xã	Hop tac xa" "sản phẩm OCOP	san pham OCOP" \
  "an toàn thực phẩm	an toan thuc pham" "giấy chứng nhận	giay chung nhan" >"$QUERIES_TSV"
tail -n +2 "$QUERIES_TSV" | tr '\t' '\n' >"$WORK/queries.txt"

# ---------------------------------------------------------------- sizes
# The catalog is read as it is on disk: fold the WAL into it first.
sqlite3 "$ARCHIVE/catalog.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
sqlite3 -separator ' ' "$ARCHIVE/catalog.db" \
  "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC;" >"$WORK/dbstat" ||
  die "sqlite3 cannot read $ARCHIVE/catalog.db with dbstat"
read -r N_DOCS N_PAGES TEXT_BYTES <<<"$(sqlite3 -separator ' ' "$ARCHIVE/catalog.db" \
  "SELECT (SELECT count(*) FROM content WHERE text_status = 'ok'), count(*),
          sum(length(CAST(text AS BLOB))) FROM page;")"
INDEX_BYTES=$(awk '$1 ~ /^page_text_/ { s += $2 } END { print s + 0 }' "$WORK/dbstat")
PAGE_TABLE=$(awk '$1 == "page" { print $2 }' "$WORK/dbstat")
DB_BYTES=$(stat -c %s "$ARCHIVE/catalog.db")

# ---------------------------------------------------------------- searches
declare -a IN50=() IN95=() H50=() H95=()
for r in $(seq "$RUNS"); do
  "$SEARCH_BENCH" --runs "$REPEAT" --limit 10 "$ARCHIVE" "$QUERIES_TSV" >"$WORK/sb.out" ||
    die "search-bench failed"
  [ "$r" != 1 ] || { echo; echo "search-bench, run 1:"; cat "$WORK/sb.out"; }
  IN50+=("$(sed -n 's/^summary:.* p50_ms=\([0-9.]*\).*/\1/p' "$WORK/sb.out")")
  IN95+=("$(sed -n 's/^summary:.* p95_ms=\([0-9.]*\).*/\1/p' "$WORK/sb.out")")
  time_processes "$PROC_REPEAT" "$WORK/queries.txt" \
    "$(printf 'hoso\t-\t%s\t--archive\t%s\tsearch\t-n\t10\t{}' "$HOSO" "$ARCHIVE")" >"$WORK/times" ||
    die "hoso search failed"
  mapfile -t T_H < <(awk '{ print $2 }' "$WORK/times")
  H50+=("$(percentile 50 "${T_H[@]}")") H95+=("$(percentile 95 "${T_H[@]}")")
  echo "  run $r: in-process p50 ${IN50[-1]} ms p95 ${IN95[-1]} ms; hoso search p50 ${H50[-1]} ms p95 ${H95[-1]} ms"
done

# ---------------------------------------------------------------- report
echo
echo "catalog tables (bytes, SQLite dbstat):"
sed 's/^/  /' "$WORK/dbstat"
awk -v docs="$N_DOCS" -v pages="$N_PAGES" -v text="$TEXT_BYTES" -v idx="$INDEX_BYTES" \
    -v ptab="$PAGE_TABLE" -v db="$DB_BYTES" -v runs="$RUNS" -v rep="$REPEAT" -v prep="$PROC_REPEAT" \
    -v in50="$(median "${IN50[@]}")" -v in95="$(median "${IN95[@]}")" \
    -v h50="$(median "${H50[@]}")" -v h95="$(median "${H95[@]}")" '
function mb(b) { return b / 1e6 }
function verdict(ok) { return ok ? "ok" : "MISSED" }
BEGIN {
  printf "\n%-52s %9s %9s\n", "scale benchmark, top 10 with snippets (median of " runs ")", "p50 ms", "p95 ms"
  printf "%-52s %9.3f %9.3f\n", "(a) hoso_catalog_search, in-process (14 x " rep ")", in50, in95
  printf "%-52s %9.1f %9.1f\n", "(b) hoso search, a process each (14 x " prep ")", h50, h95
  printf "\n%-52s %9.0f MB\n", "text of the pages (UTF-8)", mb(text)
  printf "%-52s %9.0f MB\n", "full-text index (page_text_* tables)", mb(idx)
  printf "%-52s %9.0f MB\n", "stored text (table page)", mb(ptab)
  printf "%-52s %9.0f MB\n", "catalog.db", mb(db)
  printf "\n%-52s %9.3f   target < 50 ms  %s\n", "(a) p95 in-process (ms)", in95, verdict(in95 < 50)
  printf "%-52s %9.2f   target < 1      %s\n", "full-text index / text", idx / text, verdict(idx / text < 1)
  printf "(catalog: %d documents, %d pages)\n", docs, pages
}'
