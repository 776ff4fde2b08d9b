#!/usr/bin/env bash
# samples/demo.sh: the demo's steps, shared by "./quickstart demo" and by
# tests/t0070-demo.sh so that the two cannot drift apart.
#
# Usage: samples/demo.sh HOSO SAMPLES ARCHIVE
#   HOSO     the hoso binary to run
#   SAMPLES  the folder of sample dossiers (samples/ in the source tree)
#   ARCHIVE  where to make the archive; it must not exist yet
#
# It makes an archive, adds every sample dossier (each folder of SAMPLES
# named like a dossier id) as version 1, then gives the demo dossier two
# more versions: v2 replaces its lab report by the corrected one in
# SAMPLES/update/, v3 removes a draft label.  It then shows what a person
# would look at: the list of dossiers, one dossier's history, the changes
# between versions, its files now and then, a search of every document's
# text, and a full verification.
# Exits non-zero, naming the step, as soon as a command fails.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: samples/demo.sh HOSO SAMPLES ARCHIVE" >&2
  exit 2
fi
HOSO=$1
SAMPLES=${2%/}
ARCHIVE=$3

# The dossier that gets the second and third versions, and what changes.
DEMO_DOSSIER=QNA-2023-0107
CORRECTED=phiếu-kết-quả-thử-nghiệm.pdf
DRAFT=nhãn-sản-phẩm-bản-nháp.pdf
SECRETARIAT="Trần Thị Thu Hằng <van-phong-ocop@quangnam.example>"

# Vietnamese file names need a UTF-8 locale to print right; keep the
# person's own locale when it is one, since hoso speaks Vietnamese there.
if [ "$(locale charmap 2>/dev/null)" != UTF-8 ]; then export LC_ALL=C.UTF-8; fi

die () { printf '\ndemo: %s\n' "$*" >&2; exit 1; }

[ -x "$HOSO" ] || die "no hoso binary at $HOSO; build it first (./quickstart demo builds it)"
[ -d "$SAMPLES" ] || die "no sample folder at $SAMPLES"
[ -e "$ARCHIVE" ] && die "$ARCHIVE already exists; remove it or name another folder"
[ -f "$SAMPLES/update/$CORRECTED" ] || die "$SAMPLES/update/$CORRECTED is missing"
[ -f "$SAMPLES/$DEMO_DOSSIER/$DRAFT" ] || die "$SAMPLES/$DEMO_DOSSIER/$DRAFT is missing"

# Every command below finds the archive through $HOSO_ARCHIVE, so that the
# commands shown are the ones a person would type.
export HOSO_ARCHIVE=$ARCHIVE

step=0
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
heading () {
  step=$((step + 1))
  printf '\n%s== %d. %s ==%s\n' "$bold" "$step" "$1" "$plain"
}

# hoso ARGS...: shows the command as a person would type it, then runs it.
hoso () {
  local shown="hoso" a
  for a in "$@"; do
    case $a in
      *[[:space:]\<\>\"\'\(\)\;\&\|]*) shown+=" '$a'" ;;
      *) shown+=" $a" ;;
    esac
  done
  printf '$ %s\n' "${SHOWN:-${shown//"$SAMPLES"/samples}}"
  local rc=0
  "$HOSO" "$@" || rc=$?
  [ "$rc" -eq 0 ] || die "step $step failed: '$shown' exited with status $rc"
}

heading "Create an empty archive"
echo "(HOSO_ARCHIVE=$ARCHIVE: every command below uses this archive)"
hoso init "$ARCHIVE"

heading "Add the sample dossiers, one version each"
dossiers=()
for dir in "$SAMPLES"/*/; do
  id=$(basename "$dir")
  [[ $id =~ ^[A-Z]+-[0-9]{4}-[0-9]{4}$ ]] || continue
  dossiers+=("$id")
  # The folder's contents go straight under documents/, sub-folders kept.
  # The command is shown with the glob a person would type.
  SHOWN="hoso add $id samples/$id/* -m 'Tiếp nhận hồ sơ $id (số hoá từ bản giấy)' --user '$SECRETARIAT'" \
    hoso add "$id" "$dir"* -m "Tiếp nhận hồ sơ $id (số hoá từ bản giấy)" --user "$SECRETARIAT"
done
[ "${#dossiers[@]}" -gt 0 ] || die "no sample dossiers (folders named like QNA-2023-0107) in $SAMPLES"

heading "Version 2 of $DEMO_DOSSIER: the lab replaced its report with a corrected one"
hoso add "$DEMO_DOSSIER" "$SAMPLES/update/$CORRECTED" \
  -m "Thay phiếu kết quả thử nghiệm bằng bản đính chính (chỉ tiêu chì)" --user "$SECRETARIAT"

heading "Version 3 of $DEMO_DOSSIER: the draft label is withdrawn"
hoso rm "$DEMO_DOSSIER" "$DRAFT" -m "Bỏ nhãn sản phẩm bản nháp chưa duyệt" --user "$SECRETARIAT"

heading "All dossiers in the archive"
hoso list

heading "History of $DEMO_DOSSIER"
hoso log "$DEMO_DOSSIER"

heading "What changed from version 1 to version 3"
hoso diff "$DEMO_DOSSIER" 1 3

heading "Files of $DEMO_DOSSIER now, and as first received"
hoso ls "$DEMO_DOSSIER"
echo
hoso ls "$DEMO_DOSSIER" --version 1

heading "Nothing is overwritten: the original report is still in version 1"
out=$(dirname "$ARCHIVE")/demo-v1-$CORRECTED
hoso get "$DEMO_DOSSIER" "$CORRECTED" --version 1 -o "$out"
if cmp -s "$out" "$SAMPLES/$DEMO_DOSSIER/$CORRECTED"; then
  echo "$out is byte-identical to the report first added."
else
  die "the report got back from version 1 differs from $SAMPLES/$DEMO_DOSSIER/$CORRECTED"
fi
rm -f "$out"

heading "Search every document, typed without diacritics as most people do"
hoso search ket qua thu nghiem chi --limit 3
echo
hoso search '"sâm Ngọc Linh"' type:pdf --limit 3

heading "Verify every dossier (OCFL validation and SHA-512 of every file)"
hoso verify

printf '\nDemo done: %d dossiers in %s.\n' "${#dossiers[@]}" "$ARCHIVE"
printf 'Look around with, e.g.:  HOSO_ARCHIVE=%s %s ls DNG-2025-0031\n' "$ARCHIVE" "$HOSO"
