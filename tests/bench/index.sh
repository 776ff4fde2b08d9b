#!/usr/bin/env bash
# tests/bench/index.sh: how fast "hoso add" makes PDFs searchable, next to
# pdftotext and Recoll measured in the same run.
#
# Usage: tests/bench/index.sh [--runs N] [--corpus DIR [--count N] | --size N]
#                             [--hoso PATH]
#
#   (a) pdftotext over every PDF, one process per core (xargs -P nproc)
#   (b) pdftotext over every PDF, one process at a time
#   (c) recollindex from scratch, a throwaway configuration with
#       topdirs = the PDF folder
#   (d) hoso add, one per dossier (dossier number of manifest.tsv), one
#       after the other, into a fresh archive: stored, read and indexed
#   (e) the same with --defer-text: hashing and storing only
#   (f) hoso index after (e): reading and indexing all of it in one batch
#   (g) hoso add of the whole PDF folder to one dossier, fresh archive
#   (h) the same with --defer-text
#   (i) (d) with nproc adds at a time (--wait)
#   (j) (g) again, nothing changed: one process re-adding every file
#   (k) (d) again, nothing changed: one process per dossier
#
# Each runs --runs times (default 3) and the median is shown, in seconds,
# pages per second (pages from manifest.tsv) and CPU seconds; each ratio
# is taken within a run, where the tools met the same load, and the median
# of the runs' ratios is shown with their range.  The corpus is
# --corpus DIR (its first --count N documents, if given), else --size N
# PDFs made by ../shared/corpus/make-corpus.sh, else those 200 PDFs (kept
# in $BENCH_DIR, default /tmp/hoso-bench, for the next run).  The page
# cache is left warm: every tool here is CPU-bound and reads the same files.
# A benchmark, not a test: it prints figures and targets, and fails only
# when a command fails.
PROG=index.sh
. "$(dirname "$0")/common.sh"

RUNS=3 HOSO=${HOSO:-} CORPUS='' COUNT='' SIZE=''
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --corpus) CORPUS=${2:?--corpus needs a folder}; shift ;;
    --count) COUNT=${2:?--count needs a number}; shift ;;
    --size) SIZE=${2:?--size needs a number}; shift ;;
    --hoso) HOSO=${2:?--hoso needs a path}; shift ;;
    -h|--help) usage ;;
    *) echo "$PROG: unknown argument: $1" >&2; usage ;;
  esac
  shift
done
need_number --runs "$RUNS"
[ -z "$COUNT" ] || need_number --count "$COUNT"
[ -z "$SIZE" ] || need_number --size "$SIZE"
for t in pdftotext recollindex python3; do
  command -v "$t" >/dev/null || die "$t is missing: apt-get install poppler-utils recoll python3"
done

bench_setup 200
N_DOSSIERS=$(wc -l <"$DOSSIERS")
echo "Corpus: $CORPUS_FROM: $DOCS PDFs, $PAGES pages, $N_DOSSIERS dossiers; $RUNS run(s) each; warm page cache; $NPROC cores"
echo "hoso: $HOSO"

pdftotext_all () {
  local jobs=$1
  rm -rf "$WORK/txt" && mkdir "$WORK/txt"
  (cd "$CORPUS/pdf" && printf '%s\0' *.pdf |
     xargs -0 -P "$jobs" -I{} pdftotext -q -enc UTF-8 {} "$WORK/txt/{}.txt")
}
recoll_all () { RECOLL_CONFDIR=$WORK/recoll recollindex; }
fresh_archive () { rm -rf "$1" && "$HOSO" init "$1" >/dev/null; }
hoso_index () { "$HOSO" --archive "$1" index; }
hoso_add_folder () {
  "$HOSO" --archive "$1" add BENCH-ALL "$CORPUS/pdf" "${@:2}" -m "benchmark" --user "$HOSO_USER"
}

# ratio NAME VALUE: appends VALUE to the array Q_NAME (declared below).
ratio () { local -n q=Q_$1; q+=("$2"); }
div () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f\n", (b > 0) ? a / b : 0 }'; }

NAMES="P P1 R ADD DEF IDX ONE ONED PAR RE1 REN"
RATIOS="ADD_P ADD_R DEF_ADD ONE_P ONE_R ONED_ONE PAR_P PAR_R DEFIDX_P"
for n in $NAMES; do declare -a "W_$n=()" "C_$n=()"; done
for n in $RATIOS; do declare -a "Q_$n=()"; done
A_ADD=$WORK/archive-add A_DEF=$WORK/archive-defer A_ONE=$WORK/archive-one A_X=$WORK/archive-x
for r in $(seq "$RUNS"); do
  # The references and hoso take turns, so that a change of load on the
  # machine falls on both.
  measure P pdftotext_all "$NPROC"
  fresh_archive "$A_ADD"
  measure ADD add_each_dossier "$A_ADD"
  recoll_config "$WORK/recoll"
  measure R recoll_all
  fresh_archive "$A_DEF"
  measure DEF add_each_dossier "$A_DEF" --defer-text
  measure IDX hoso_index "$A_DEF"
  fresh_archive "$A_ONE"
  measure ONE hoso_add_folder "$A_ONE"
  fresh_archive "$A_X"
  measure ONED hoso_add_folder "$A_X" --defer-text
  fresh_archive "$A_X"
  measure PAR add_each_dossier -j "$NPROC" "$A_X"
  measure RE1 hoso_add_folder "$A_ONE"
  grep -q "Nothing changed" "$WORK/cmd.out" ||
    echo "  note: re-adding the folder did not say 'Nothing changed': $(head -c 300 "$WORK/cmd.out")"
  measure REN add_each_dossier "$A_ADD"
  measure P1 pdftotext_all 1
  # Speed ratios are time ratios upside down.
  ratio ADD_P "$(div "${W_P[-1]}" "${W_ADD[-1]}")"
  ratio ADD_R "$(div "${W_R[-1]}" "${W_ADD[-1]}")"
  ratio DEF_ADD "$(div "${W_DEF[-1]}" "${W_ADD[-1]}")"
  ratio ONE_P "$(div "${W_P[-1]}" "${W_ONE[-1]}")"
  ratio ONE_R "$(div "${W_R[-1]}" "${W_ONE[-1]}")"
  ratio ONED_ONE "$(div "${W_ONED[-1]}" "${W_ONE[-1]}")"
  ratio PAR_P "$(div "${W_P[-1]}" "${W_PAR[-1]}")"
  ratio PAR_R "$(div "${W_R[-1]}" "${W_PAR[-1]}")"
  ratio DEFIDX_P "$(div "${W_P[-1]}" "$(awk -v a="${W_DEF[-1]}" -v b="${W_IDX[-1]}" 'BEGIN { print a + b }')")"
  echo "  run $r (wall s): pdftotext -P$NPROC ${W_P[-1]}, -P1 ${W_P1[-1]}, recollindex ${W_R[-1]}," \
       "hoso add ${W_ADD[-1]}, --defer-text ${W_DEF[-1]} + index ${W_IDX[-1]}," \
       "folder ${W_ONE[-1]} (--defer-text ${W_ONED[-1]}), -j$NPROC ${W_PAR[-1]}, re-add ${W_RE1[-1]} / ${W_REN[-1]}"
done

# Every page must be in the catalog, or the speed means nothing.
read -r ok pages pending failed <<<"$(catalog_pages "$A_ADD")"
read -r ok2 pages2 pending2 failed2 <<<"$(catalog_pages "$A_ONE")"
recoll_docs=$(RECOLL_CONFDIR=$WORK/recoll recollq -n 1 'mime:application/pdf' 2>/dev/null | sed -n 's/^\([0-9]*\) results.*/\1/p')
echo "  check: per-dossier archive: $ok files with text, $pages pages indexed, $pending waiting, $failed failed;" \
     "one-dossier archive: $ok2 files, $pages2 pages; Recoll has ${recoll_docs:-?} PDFs"
[ "$pages" = "$PAGES" ] || echo "  note: hoso indexed $pages pages, the manifest says $PAGES"
[ "$pending" = 0 ] && [ "$failed" = 0 ] || echo "  note: some files were not indexed; see 'hoso index' in $A_ADD"

# ---------------------------------------------------------------- report
medians () {
  local n
  for n in $NAMES; do
    local -n w=W_$n c=C_$n
    printf ' -v w%s=%s -v c%s=%s' "$n" "$(median "${w[@]}")" "$n" "$(median "${c[@]}")"
  done
  for n in $RATIOS; do
    local -n q=Q_$n
    printf ' -v q%s=%s -v lo%s=%s -v hi%s=%s' "$n" "$(median "${q[@]}")" \
      "$n" "$(percentile 0 "${q[@]}")" "$n" "$(percentile 100 "${q[@]}")"
  done
}
# shellcheck disable=SC2046
awk -v pages="$PAGES" -v files="$DOCS" -v ndos="$N_DOSSIERS" -v runs="$RUNS" -v nproc="$NPROC" $(medians) '
function rate(t) { return t > 0 ? pages / t : 0 }
function line(what, t, c) { printf "%-48s %8.2f %8.0f %8.2f\n", what, t, rate(t), c }
function verdict(ok) { return ok ? "ok" : "MISSED" }
function target(what, q, lo, hi, goal, ok) {
  printf "%-48s %6.2f  [%.2f-%.2f]  target %-7s %s\n", what, q, lo, hi, goal, verdict(ok)
}
BEGIN {
  printf "\n%-48s %8s %8s %8s\n", "ingest benchmark (median of " runs ")", "wall s", "pages/s", "CPU s"
  line("(a) pdftotext, " nproc " processes (xargs -P" nproc ")", wP, cP)
  line("(b) pdftotext, 1 process", wP1, cP1)
  line("(c) recollindex from scratch", wR, cR)
  line("(d) hoso add, one per dossier", wADD, cADD)
  line("(e) hoso add --defer-text, one per dossier", wDEF, cDEF)
  line("(f) hoso index after (e)", wIDX, cIDX)
  line("(g) hoso add of the folder, one dossier", wONE, cONE)
  line("(h) hoso add --defer-text of the folder", wONED, cONED)
  line("(i) hoso add, one per dossier, " nproc " at a time", wPAR, cPAR)
  printf "%-48s %8.3f %8s %8.2f\n", "(j) (g) again, unchanged, one process", wRE1, "", cRE1
  printf "%-48s %8.3f %8s %8.2f\n", "(k) (d) again, unchanged, one per dossier", wREN, "", cREN

  printf "\n%-48s %6s  %-11s\n", "targets (median of the runs, [range])", "", ""
  target("(d) speed / pdftotext -P" nproc " speed", qADD_P, loADD_P, hiADD_P, ">= 1.1", qADD_P >= 1.1)
  target("(d) speed / recollindex speed", qADD_R, loADD_R, hiADD_R, ">= 2", qADD_R >= 2)
  target("(e) time / (d) time, store only (%)", qDEF_ADD * 100, loDEF_ADD * 100, hiDEF_ADD * 100, "< 5%", qDEF_ADD < 0.05)
  h = wRE1 / files * 200; k = wREN / files * 200
  printf "%-48s %6.3f  %-11s  target %-7s %s\n", "(j) re-add, one process, s per 200 files", h, "", "< 0.2 s", verdict(h < 0.2)
  printf "%-48s %6.3f  %-11s  target %-7s %s\n", "(k) re-add, per dossier, s per 200 files", k, "", "< 0.2 s", verdict(k < 0.2)
  printf "\n%-48s\n", "the same targets for the batch paths"
  target("(g) speed / pdftotext -P" nproc " speed", qONE_P, loONE_P, hiONE_P, ">= 1.1", qONE_P >= 1.1)
  target("(g) speed / recollindex speed", qONE_R, loONE_R, hiONE_R, ">= 2", qONE_R >= 2)
  target("(h) time / (g) time, store only (%)", qONED_ONE * 100, loONED_ONE * 100, hiONED_ONE * 100, "< 5%", qONED_ONE < 0.05)
  target("(i) speed / pdftotext -P" nproc " speed", qPAR_P, loPAR_P, hiPAR_P, ">= 1.1", qPAR_P >= 1.1)
  target("(i) speed / recollindex speed", qPAR_R, loPAR_R, hiPAR_R, ">= 2", qPAR_R >= 2)
  target("(e)+(f) speed / pdftotext -P" nproc " speed", qDEFIDX_P, loDEFIDX_P, hiDEFIDX_P, ">= 1.1", qDEFIDX_P >= 1.1)
  printf "\nper dossier in (d): %.0f ms wall, %.0f ms CPU; in (e): %.0f ms wall, %.0f ms CPU; in (k): %.0f ms wall, %.0f ms CPU\n",
    wADD / ndos * 1000, cADD / ndos * 1000, wDEF / ndos * 1000, cDEF / ndos * 1000, wREN / ndos * 1000, cREN / ndos * 1000
}'
echo "(corpus: $DOCS PDFs, $PAGES pages, $N_DOSSIERS dossiers, $((($(du -sk "$CORPUS/pdf" | cut -f1) + 512) / 1024)) MB; warm page cache;" \
     "CPU s: user + system of every process the command ran)"
