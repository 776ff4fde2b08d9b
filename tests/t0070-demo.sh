#!/bin/sh
# t0070-demo.sh: the quick-start demo works, and does what it says.
#
# Runs samples/demo.sh (the very steps "./quickstart demo" runs) on the
# bundled samples in a fresh archive, then checks the archive it left:
# every sample dossier is listed with the right head version, every sample
# file comes back byte-identical through "hoso get" and has the SHA-512 that
# "hoso ls" reports, the later versions of the demo dossier hold the
# corrected report and no longer the draft label, "hoso diff" shows exactly
# those changes, and "hoso verify" finds nothing wrong.
#
# The lists passed to python ($expected, $want) are split into words on
# purpose: sample file names have no spaces.
# shellcheck disable=SC2086,SC2016
. "$(dirname "$0")/lib.sh"

SAMPLES=$HOSO_SRCDIR/samples
A=$TMP/archive
DEMO=QNA-2023-0107
REPORT=phiếu-kết-quả-thử-nghiệm.pdf
DRAFT=nhãn-sản-phẩm-bản-nháp.pdf

if [ ! -f "$SAMPLES/demo.sh" ]; then
  echo "1..0 # SKIP no samples/demo.sh in $HOSO_SRCDIR"
  exit 0
fi
command -v python3 >/dev/null || { echo "1..0 # SKIP python3 is needed to read --json output"; exit 0; }

# The sample dossiers: folders named like a dossier id.
IDS=$(cd "$SAMPLES" && for d in */; do d=${d%/}; case $d in [A-Z]*-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]) echo "$d" ;; esac; done)

# json_check DESCRIPTION PYTHON: one case; PYTHON reads the JSON of the last
# run_hoso as `d` and lists what is wrong in `bad` (sys.argv[1:] are free).
json_check () {
  desc=$1 code=$2; shift 2
  if out=$(python3 - "$TMP/out" "$@" 2>&1 <<EOF
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
args = sys.argv[2:]
bad = []
$code
if bad:
    print("\n".join(bad)); sys.exit(1)
EOF
  ); then ok "$desc"; else not_ok "$desc" "$out" "json: $(head -c 1500 "$TMP/out")"; fi
}

sha512 () { sha512sum "$1" | cut -d' ' -f1; }

# ---- 1. the demo itself
rc=0
bash "$SAMPLES/demo.sh" "$HOSO" "$SAMPLES" "$A" >"$TMP/demo.out" 2>&1 || rc=$?
if [ "$rc" = 0 ]; then ok "samples/demo.sh runs to the end"; else
  not_ok "samples/demo.sh runs to the end" "exit status $rc" "$(tail -n 30 "$TMP/demo.out")"; fi
check "the demo says it is done" grep -q "^Demo done: " "$TMP/demo.out"

export HOSO_ARCHIVE="$A"

# ---- 2. every sample dossier is listed with the right head
expected=""
for id in $IDS; do
  if [ "$id" = "$DEMO" ]; then head=3; else head=1; fi
  expected="$expected $id=$head"
done
run_hoso list --json
expect_rc "hoso list --json exits 0" 0
json_check "hoso list shows each sample dossier with its head version" '
want = dict(a.split("=") for a in args)
got = {x["id"]: x["head"] for x in d["dossiers"]}
for i, h in want.items():
    if got.get(i) != int(h): bad.append(f"{i}: head {got.get(i)}, wanted {h}")
for i in got:
    if i not in want: bad.append(f"unexpected dossier {i}")
' $expected

# ---- 3. every sample file round-trips, and ls reports its SHA-512
for id in $IDS; do
  # The demo dossier's originals are in version 1; the others have only v1.
  run_hoso ls "$id" --version 1 --json
  expect_rc "hoso ls $id --version 1 exits 0" 0
  listing=$(cd "$SAMPLES/$id" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
  want=""
  for rel in $listing; do want="$want documents/$rel=$(sha512 "$SAMPLES/$id/$rel")"; done
  json_check "hoso ls $id v1 lists each sample file under documents/ with its SHA-512" '
want = dict(a.split("=") for a in args)
got = {f["path"]: f["digest"] for f in d["files"] if f["path"].startswith("documents/")}
for p, h in want.items():
    if p not in got: bad.append(f"missing: {p}")
    elif got[p] != h: bad.append(f"digest of {p} is {got[p]}, sha512sum says {h}")
for p in got:
    if p not in want: bad.append(f"not a sample file: {p}")
' $want
  for rel in $listing; do
    rm -f "$TMP/got"
    run_hoso get "$id" "documents/$rel" --version 1 -o "$TMP/got"
    if [ "$rc" = 0 ] && cmp -s "$TMP/got" "$SAMPLES/$id/$rel"; then
      ok "$id: documents/$rel comes back byte-identical"
    else
      not_ok "$id: documents/$rel comes back byte-identical" "hoso get exit status $rc" \
        "stderr: $(head -c 1000 "$TMP/err")" "$(cmp "$TMP/got" "$SAMPLES/$id/$rel" 2>&1)"
    fi
  done
done

# ---- 4. the demo dossier's later versions
run_hoso get "$DEMO" "$REPORT" -o "$TMP/head-report"
expect_rc "hoso get $DEMO $REPORT (head) exits 0" 0
check "the head holds the corrected report" cmp "$TMP/head-report" "$SAMPLES/update/$REPORT"

run_hoso ls "$DEMO" --json
expect_rc "hoso ls $DEMO (head) exits 0" 0
json_check "the head no longer lists the draft label, still lists the report" '
paths = [f["path"] for f in d["files"]]
if d["version"] != 3: bad.append("version %s, wanted 3" % d["version"])
if "documents/" + args[0] in paths: bad.append("draft label still listed")
if "documents/" + args[1] not in paths: bad.append("report not listed")
' "$DRAFT" "$REPORT"

run_hoso diff "$DEMO" 1 2 --json
expect_rc "hoso diff $DEMO 1 2 exits 0" 0
json_check "diff 1 2 shows the report modified, from the first to the corrected digest" '
c = d["changes"]
if len(c) != 1: bad.append(f"{len(c)} changes, wanted 1")
elif (c[0]["kind"], c[0]["path"]) != ("modified", "documents/" + args[0]):
    bad.append("change is %s %s" % (c[0]["kind"], c[0]["path"]))
elif (c[0].get("old_digest"), c[0].get("new_digest")) != (args[1], args[2]):
    bad.append("digests do not match the sample files")
' "$REPORT" "$(sha512 "$SAMPLES/$DEMO/$REPORT")" "$(sha512 "$SAMPLES/update/$REPORT")"

run_hoso diff "$DEMO" 2 3 --json
expect_rc "hoso diff $DEMO 2 3 exits 0" 0
json_check "diff 2 3 shows the draft label removed, and nothing else" '
c = [(x["kind"], x["path"]) for x in d["changes"]]
if c != [("removed", "documents/" + args[0])]: bad.append(f"changes: {c}")
' "$DRAFT"

run_hoso diff "$DEMO" 1 3
expect_rc "hoso diff $DEMO 1 3 (text) exits 0" 0
check "the text diff names both changed files" \
  sh -c 'grep -q "$1" "$3" && grep -q "$2" "$3"' _ "$REPORT" "$DRAFT" "$TMP/out"

run_hoso log "$DEMO" --json
expect_rc "hoso log $DEMO exits 0" 0
json_check "hoso log shows 3 versions, newest first, with the demo messages" '
v = d["versions"]
if d["head"] != 3 or [x["version"] for x in v] != [3, 2, 1]:
    bad.append("versions %s" % [x["version"] for x in v])
elif "đính chính" not in (v[1]["message"] or ""): bad.append("v2 message: %s" % v[1]["message"])
elif v[0]["changes"]["removed"] != 1 or v[1]["changes"]["modified"] != 1:
    bad.append("change counts: %s, %s" % (v[0]["changes"], v[1]["changes"]))
'

# ---- 5. the whole archive verifies
run_hoso verify
expect_rc "hoso verify exits 0 on the demo archive" 0
run_hoso verify --json
json_check "hoso verify --json says ok for every dossier" '
if not d["ok"]: bad.append("ok is false")
n = len([x for x in d["dossiers"] if x["ok"]])
if n != int(args[0]): bad.append(f"{n} dossiers ok, wanted {args[0]}")
' "$(echo $IDS | wc -w)"

# ---- 6. every sample document's text is searchable, typed without diacritics
run_hoso search --json --limit 100 ket qua thu nghiem
expect_rc "hoso search exits 0 on the demo archive" 0
json_check "a search without diacritics finds the lab report of every dossier that has one" '
want = sorted(args)
got = sorted({x["id"] for x in d["dossiers"] for h in x["hits"] if h["path"] == "documents/phiếu-kết-quả-thử-nghiệm.pdf"})
if got != want: bad.append(f"dossiers with the report found: {got}, wanted {want}")
' $(cd "$SAMPLES" && ls -d */phiếu-kết-quả-thử-nghiệm.pdf | cut -d/ -f1 | grep -v "^update$")
run_hoso search --json "\"Đính chính\"" dossier:$DEMO
json_check "the corrected report (version 2) is what the head holds and search finds" '
hits = [h for x in d["dossiers"] for h in x["hits"]]
if len(hits) != 1 or hits[0]["path"] != "documents/phiếu-kết-quả-thử-nghiệm.pdf" or hits[0]["version"] != 3:
    bad.append(f"hits: {hits}")
'
grep -q "pages\? match" "$TMP/demo.out" && ok "the demo shows a search" || not_ok "the demo shows a search"

# ---- 7. the demo never touches an archive that is already there
rc=0
bash "$SAMPLES/demo.sh" "$HOSO" "$SAMPLES" "$A" >"$TMP/demo2.out" 2>&1 || rc=$?
if [ "$rc" != 0 ] && grep -q "already exists" "$TMP/demo2.out"; then
  ok "the demo refuses to run on an existing archive"
else
  not_ok "the demo refuses to run on an existing archive" "exit status $rc" "$(tail -n 5 "$TMP/demo2.out")"
fi
run_hoso list --json
json_check "and that archive is unchanged" '
if {x["id"]: x["head"] for x in d["dossiers"]} != {a.split("=")[0]: int(a.split("=")[1]) for a in args}:
    bad.append("heads changed")
' $expected

done_testing
