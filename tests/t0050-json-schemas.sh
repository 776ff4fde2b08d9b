#!/bin/sh
# t0050-json-schemas.sh: every --json output matches its schema.
#
# Runs each command with --json on a real archive and validates what it
# prints against schemas/json/COMMAND.schema.json (JSON Schema 2020-12),
# then checks that mangled outputs are rejected, so the schemas are not
# vacuous.  Needs python3-jsonschema, a listed dependency.
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

SCHEMAS="$HOSO_SRCDIR/schemas/json"

cat >"$TMP/validate.py" <<'PY'
import json, sys
try:
    import jsonschema
except ImportError:
    sys.exit("python3-jsonschema is missing: install it with apt-get install python3-jsonschema")
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
try:
    doc = json.load(open(sys.argv[2]))
except ValueError as e:
    sys.exit("not JSON: %s" % e)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
for e in errors:
    print("%s: %s" % ("/".join(map(str, e.absolute_path)) or "(root)", e.message))
sys.exit(1 if errors else 0)
PY

if ! python3 -c 'import jsonschema' 2>/dev/null; then
  not_ok "python3 with jsonschema is available" \
    "python3-jsonschema is missing: install it with apt-get install python3-jsonschema"
  done_testing; exit 1
fi
ok "python3 with jsonschema is available"

# valid NAME FILE [WHAT]: one case, FILE validates against NAME.schema.json.
valid () {
  local out desc="${3:-$1 --json output} matches $1.schema.json"
  if out=$(python3 "$TMP/validate.py" "$SCHEMAS/$1.schema.json" "$2" 2>&1); then
    ok "$desc"
  else
    not_ok "$desc" "$out" "output: $(head -c 1500 "$2")"
  fi
}
# rejected DESCRIPTION NAME FILE: one case, FILE must NOT validate.
rejected () {
  if python3 "$TMP/validate.py" "$SCHEMAS/$2.schema.json" "$3" >/dev/null 2>&1; then
    not_ok "$1" "$2.schema.json accepted: $(head -c 500 "$3")"
  else ok "$1"; fi
}
# mangle IN OUT PYTHON: OUT is IN's JSON (as d) changed by PYTHON.
mangle () {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); exec(sys.argv[3]); json.dump(d, open(sys.argv[2], "w"))' "$1" "$2" "$3"
}
# js NAME ARGS...: runs hoso --json ARGS, output in $TMP/NAME.json
js () { local name=$1; shift; rc=0; "$HOSO" --json "$@" >"$TMP/$name.json" 2>"$TMP/err" || rc=$?; }

for f in "$SCHEMAS"/*.schema.json; do
  python3 -c 'import json,sys,jsonschema; s=json.load(open(sys.argv[1])); jsonschema.Draft202012Validator.check_schema(s); sys.exit(s["properties"]["format"] != {"const": 1} and s["properties"]["format"].get("const") != 1)' "$f" \
    || not_ok "$(basename "$f") is a 2020-12 schema with format const 1"
done
ok "every schema is a 2020-12 schema requiring format 1"

A="$TMP/archive"; D=QNA-2024-0050
mkdir -p "$TMP/in/scans"; cd "$TMP/in"
head -c 2000 /dev/urandom >a.pdf; printf 'b\n' >b.txt; printf 'c\n' >scans/c.jpg
printf 'Phiếu kiểm nghiệm măng cụt\n' >d.txt

js init init "$A"; valid init "$TMP/init.json"
export HOSO_ARCHIVE="$A"
js add add $D a.pdf b.txt scans; valid add "$TMP/add.json"
js add-same add $D a.pdf
check "an add that changes nothing says changed: false" \
  python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["changed"] is not False)' "$TMP/add-same.json"
js mv mv $D a.pdf renamed.pdf; valid mv "$TMP/mv.json"
js rm rm $D b.txt; valid rm "$TMP/rm.json"
js log log $D; valid log "$TMP/log.json"
js ls ls $D --version 1; valid ls "$TMP/ls.json"
js get get $D scans/c.jpg -o "$TMP/c.out"; valid get "$TMP/get.json"
js diff diff $D 1 3; valid diff "$TMP/diff.json"
js list list; valid list "$TMP/list.json"
js verify verify; valid verify "$TMP/verify.json"
js validate validate "$A/store"; valid validate "$TMP/validate.json"
js add-defer add --defer-text $D d.txt; valid add "$TMP/add-defer.json" "add --defer-text --json output"
check "add --defer-text leaves the new file pending" \
  python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["text"]["pending"] != 1)' "$TMP/add-defer.json"
js index index; valid index "$TMP/index.json"
check "index reads the pending file" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["done"] != 1 or d["counts"]["pending"] != 0)' "$TMP/index.json"
js reindex reindex; valid reindex "$TMP/reindex.json"
js search search mang cut; valid search "$TMP/search.json"
check "search finds the page" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["total"] != 1 or d["dossiers"][0]["hits"][0]["matches"] == [])' "$TMP/search.json"
js search-none search khong co dau; valid search "$TMP/search-none.json" "search --json output with no hits"
js search-bad search '-mang'
check "a query that cannot be searched exits 2" test "$rc" = 2
valid error "$TMP/search-bad.json" "search --json error"
js error ls NO-SUCH-DOSSIER
check "an error exits non-zero with JSON on stdout" test "$rc" = 2 -a -s "$TMP/error.json"
valid error "$TMP/error.json"
check "the JSON error has code not_found" \
  python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["error"]["code"] != "not_found")' "$TMP/error.json"
js usage-error diff $D one two; valid error "$TMP/usage-error.json"

# Outputs that report problems match too.
victim=$(find "$A/store" -path '*/content/*' -type f | head -n 1)
printf 'X' >>"$victim"
js verify-damaged verify
check "verify --json on a damaged archive exits 1" test "$rc" = 1
valid verify "$TMP/verify-damaged.json" "verify --json output on a damaged archive"
js validate-damaged validate "$A/store"
valid validate "$TMP/validate-damaged.json" "validate --json output on an invalid store"
check "and says it is not valid, with an error" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["valid"] or not d["errors"])' "$TMP/validate-damaged.json"

# The schemas are not vacuous: mangled outputs fail.
mangle "$TMP/ls.json" "$TMP/bad1.json" 'del d["format"]'
rejected "ls output without format is rejected" ls "$TMP/bad1.json"
mangle "$TMP/log.json" "$TMP/bad2.json" 'd["format"] = 2'
rejected "log output with format 2 is rejected" log "$TMP/bad2.json"
mangle "$TMP/ls.json" "$TMP/bad3.json" 'd["files"][0]["digest"] = "abc"'
rejected "ls output with a short digest is rejected" ls "$TMP/bad3.json"
mangle "$TMP/diff.json" "$TMP/bad4.json" 'd["changes"][0]["kind"] = "changed"'
rejected "diff output with an unknown change kind is rejected" diff "$TMP/bad4.json"
mangle "$TMP/error.json" "$TMP/bad5.json" 'del d["error"]["code"]'
rejected "an error without a code is rejected" error "$TMP/bad5.json"
mangle "$TMP/validate.json" "$TMP/bad6.json" 'd["valid"] = "yes"'
rejected "validate output with a non-boolean valid is rejected" validate "$TMP/bad6.json"
mangle "$TMP/add.json" "$TMP/bad7.json" 'd["unexpected"] = 1'
rejected "add output with an unknown member is rejected" add "$TMP/bad7.json"
mangle "$TMP/search.json" "$TMP/bad8.json" 'd["dossiers"][0]["hits"][0]["matches"][0]["start"] = -1'
rejected "search output with a negative match offset is rejected" search "$TMP/bad8.json"
mangle "$TMP/index.json" "$TMP/bad9.json" 'del d["counts"]["pending"]'
rejected "index output without a pending count is rejected" index "$TMP/bad9.json"
rejected "a command's output is rejected by another command's schema" list "$TMP/ls.json"

done_testing
