#!/bin/bash
# t0110-search.sh: full-text search, end to end, on a small fixed corpus.
#
# Adds the dossiers of tests/data/search/ (PDF pages, DOCX, XLSX, ODT, CSV,
# HTML with scripts and styles, text in NFD, with marks in odd orders, in
# UTF-16, Windows-1258 and TCVN3) to a fresh archive, makes a second and
# third version of one dossier, then runs every query of queries.tsv and
# compares the pages found with the table, exactly: one case per query.
# Then, over all the answers: every match offset points at a query word,
# total counts at least the hits, hits are grouped by dossier and ordered by
# score, each hit's digest and type are its file's.  Also --limit, the text
# output, an empty archive, and the same hits from a catalog rebuilt after
# catalog.db is deleted and after "hoso reindex".
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

DATA=$HOSO_SRCDIR/tests/data/search
A=$TMP/archive
PY=$TMP/search.py
export HOSO_ARCHIVE=$A DATA

command -v python3 >/dev/null 2>&1 || { echo "1..0 # SKIP python3 is needed to read hoso's JSON"; exit 0; }
"$HOSO" init >/dev/null 2>&1 || { echo "Bail out! hoso init failed"; exit 1; }

# The helper that reads the table and hoso's JSON answers.  Its "check",
# "overall" and "same" commands print cases as records "STATUS \x1f
# DESCRIPTION \x1f DIAGNOSTIC \0", which report() turns into TAP lines.
# Folding (lower case, no diacritics, đ as d) is Python's unicodedata, not
# hoso's, so the match check does not trust the code it checks.
cat >"$PY" <<'PY'
import hashlib, json, os, re, sys, unicodedata

FILTER = re.compile(r"(?i)^-?(dossier|type|year|path):")
WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")

def record(ok, desc, diag=""):
    sys.stdout.write("%s\x1f%s\x1f%s\0" % ("ok" if ok else "not ok", desc, diag))

def fold(text):
    """Lower case, without diacritics, đ as d."""
    d = unicodedata.normalize("NFD", text.lower())
    return "".join("d" if c == "đ" else c for c in d if unicodedata.category(c) != "Mn")

def decode(field):
    """A query of the table as bytes: \\uXXXX is a code point, \\xHH a byte."""
    out = bytearray()
    for part in re.split(r"(\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2})", field):
        if part.startswith("\\u"):
            out += chr(int(part[2:], 16)).encode()
        elif part.startswith("\\x"):
            out.append(int(part[2:], 16))
        else:
            out += part.encode()
    return bytes(out)

def table():
    """(name, query bytes, expected) for each line of queries.tsv."""
    rows = []
    for line in open(os.path.join(os.environ["DATA"], "queries.tsv"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        name, expected = line.split("\t")
        rows.append((name, decode(name), expected))
    return rows

def answers(d):
    """Each query's (name, query bytes, expected, exit status, JSON or None)."""
    out = []
    for i, (name, query, expected) in enumerate(table(), 1):
        base = os.path.join(d, "%03d" % i)
        rc = int(open(base + ".rc").read())
        try:
            doc = json.load(open(base + ".json", encoding="utf-8"))
        except ValueError:
            doc = None
        out.append((name, query, expected, rc, doc, base))
    return out

def hits(doc):
    return [(d["id"], h) for d in doc.get("dossiers", []) for h in d["hits"]]

def key(dossier, hit):
    return "%s:%s#%d" % (dossier, hit["path"], hit["page"])

def query_words(query):
    words = []
    for item in query.split():
        if FILTER.match(item) or item == "OR":
            continue
        words += [fold(w) for w in WORD.findall(item)]
    return words

def prepare(d):
    os.makedirs(d, exist_ok=True)
    for i, (name, query, expected) in enumerate(table(), 1):
        open(os.path.join(d, "%03d.query" % i), "wb").write(query)

def check(d):
    """One case per query: the exact set of pages, or the refusal."""
    for name, query, expected, rc, doc, base in answers(d):
        desc = "query «%s»" % name if name else "the empty query"
        err = open(base + ".err", encoding="utf-8", errors="replace").read()[:500]
        if expected == "ERROR":
            code = doc.get("error", {}).get("code") if isinstance(doc, dict) else None
            record(rc == 2 and code == "query", desc + " is refused",
                   "exit status %d (wanted 2), JSON error code %r (wanted 'query')\nstderr: %s"
                   % (rc, code, err))
            continue
        if rc != 0 or doc is None or "dossiers" not in doc:
            record(False, desc, "exit status %d, stdout not a search result\nstderr: %s" % (rc, err))
            continue
        got = sorted(key(dossier, h) for dossier, h in hits(doc))
        want = [] if expected == "-" else expected.split()
        missing = [k for k in want if k not in got]
        extra = [k for k in got if k not in want]
        dup = sorted(set(k for k in got if got.count(k) > 1))
        record(not missing and not extra and not dup, desc,
               "\n".join(["missing:    " + k for k in missing] + ["unexpected: " + k for k in extra]
                         + ["twice:      " + k for k in dup]))

def overall(d):
    """Properties of every answer, one case each."""
    heads = dict(x.split("=") for x in os.environ.get("HEADS", "").split())
    problems = {k: [] for k in ("matches", "space", "total", "group", "order", "echo", "file", "version")}
    seen = 0
    for name, query, expected, rc, doc, base in answers(d):
        if rc != 0 or not isinstance(doc, dict) or "dossiers" not in doc:
            continue
        seen += len(hits(doc))
        text = query.decode("utf-8")
        words = query_words(text)
        all_hits = hits(doc)
        if unicodedata.normalize("NFC", doc.get("query", "")) != unicodedata.normalize("NFC", text):
            problems["echo"].append("«%s»: \"query\" is %r" % (name, doc.get("query")))
        if not doc.get("total", -1) >= len(all_hits):
            problems["total"].append("«%s»: total %r, %d hits" % (name, doc.get("total"), len(all_hits)))
        ids = [x["id"] for x in doc["dossiers"]]
        if len(ids) != len(set(ids)) or any(not x["hits"] for x in doc["dossiers"]):
            problems["group"].append("«%s»: dossiers %s" % (name, " ".join(ids)))
        best = [x["hits"][0]["score"] for x in doc["dossiers"] if x["hits"]]
        if best != sorted(best):
            problems["order"].append("«%s»: best scores of the dossiers %s" % (name, best))
        for x in doc["dossiers"]:
            scores = [h["score"] for h in x["hits"]]
            if scores != sorted(scores):
                problems["order"].append("«%s»: scores in %s %s" % (name, x["id"], scores))
        for dossier, h in all_hits:
            where = "«%s» %s" % (name, key(dossier, h))
            snippet = h["snippet"]
            if re.search(r"[^\S ]|  ", snippet):
                problems["space"].append("%s: %r" % (where, snippet))
            if not h["matches"]:
                problems["matches"].append("%s: no match in %r" % (where, snippet))
            for m in h["matches"]:
                s, n = m["start"], m["length"]
                piece = snippet[s:s + n]
                if s < 0 or n <= 0 or s + n > len(snippet) or not any(fold(piece).startswith(w) for w in words):
                    problems["matches"].append("%s: match %d+%d is %r in %r" % (where, s, n, piece, snippet))
            rel = h["path"][len("documents/"):]
            f = os.path.join(os.environ["DATA"], "v2", dossier, rel)
            if not os.path.exists(f):
                f = os.path.join(os.environ["DATA"], dossier, rel)
            digest = hashlib.sha512(open(f, "rb").read()).hexdigest() if os.path.exists(f) else None
            ext = h["path"].rsplit(".", 1)[-1].lower()
            if h.get("digest") != digest or h.get("type") != ext:
                problems["file"].append("%s: digest %s… type %r (file: %s…, %r)"
                                        % (where, str(h.get("digest"))[:16], h.get("type"), str(digest)[:16], ext))
            if str(h.get("version")) != heads.get(dossier):
                problems["version"].append("%s: version %r, head v%s" % (where, h.get("version"), heads.get(dossier)))
    cases = [
        ("matches", "every match of every hit lies in its snippet and is a query word (folded)"),
        ("space", "snippets have whitespace runs collapsed to one space"),
        ("total", "total counts at least the hits shown, for every query"),
        ("group", "the hits of one dossier are together, under one dossier entry"),
        ("order", "dossiers come in order of their best hit, hits in order of score"),
        ("echo", "\"query\" in the JSON is the query typed (also after --)"),
        ("file", "every hit's digest and type are those of its file"),
        ("version", "every hit names its dossier's head version"),
    ]
    for k, desc in cases:
        if seen == 0:
            record(False, desc, "no query of the table found anything to check")
        else:
            record(not problems[k], desc, "\n".join(problems[k][:15]))

def same(d1, d2, what):
    """The same answers, hit for hit (scores aside), in D1 and D2."""
    diffs = []
    if not any(x[3] == 0 and isinstance(x[4], dict) and hits(x[4]) for x in answers(d1)):
        diffs.append("(no query found anything the first time)")
    for a, b in zip(answers(d1), answers(d2)):
        def view(x):
            if x[3] != 0 or not isinstance(x[4], dict):
                return ("exit", x[3])
            return sorted((dossier, h["path"], h["page"], h["version"], h["type"], h["digest"], h["snippet"],
                           json.dumps(h["matches"])) for dossier, h in hits(x[4]))
        if view(a) != view(b):
            diffs.append("«%s»" % a[0])
    record(not diffs, what, "queries answered differently: " + " ".join(diffs[:20]))

def get(path, expr):
    d = json.load(open(path, encoding="utf-8"))
    print(eval(expr))

if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "prepare": prepare(sys.argv[2])
    elif cmd == "check": check(sys.argv[2])
    elif cmd == "overall": overall(sys.argv[2])
    elif cmd == "same": same(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "get": get(sys.argv[2], sys.argv[3])
PY

# report: TAP lines from the helper's records on standard input.
report () {
  local status desc diag
  while IFS=$'\x1f' read -r -d '' status desc diag; do
    if [ "$status" = ok ]; then ok "$desc"; else not_ok "$desc" "$diag"; fi
  done
}

# run_queries DIR: every query of the table, each answer in DIR/NNN.json,
# .err and .rc.  The query follows "--", since some begin with "-".
run_queries () {
  local dir=$1 f base q r
  python3 "$PY" prepare "$dir"
  for f in "$dir"/*.query; do
    base=${f%.query}
    q=$(cat "$f")
    r=0
    "$HOSO" search --json --limit 1000 -- "$q" >"$base.json" 2>"$base.err" || r=$?
    echo "$r" >"$base.rc"
  done
}

json_get () { python3 "$PY" get "$TMP/out" "$1" 2>/dev/null; }

# ---- the corpus: every dossier folder, then a v2 and a v3 of QNA-2024-0012 ----
for dir in "$DATA"/[A-Z]*-[0-9]*-[0-9]*/; do
  id=$(basename "$dir")
  cd "$dir" || exit 1
  run_hoso add "$id" * -m "Hồ sơ đăng ký"
  expect_rc "add the files of dossier $id" 0
done
cd "$TMP" || exit 1
run_hoso add QNA-2024-0012 "$DATA/v2/QNA-2024-0012/nhan-san-pham.txt" -m "Sửa xuất xứ trên nhãn"
expect_rc "replace the label of QNA-2024-0012 (v2)" 0
run_hoso rm QNA-2024-0012 ban-nhap-thuyet-minh.txt -m "Bỏ bản nháp"
expect_rc "remove the draft of QNA-2024-0012 (v3)" 0
HEADS=
for dir in "$DATA"/[A-Z]*-[0-9]*-[0-9]*/; do
  id=$(basename "$dir")
  HEADS="$HEADS $id=$(head_of "$A" "$id")"
done
export HEADS
check "the head versions are as the table assumes" test "$HEADS" = " DNG-2024-0005=1 QNA-2023-0107=1 QNA-2024-0012=3 TNG-2022-0031=1"

# ---- every query of the table ------------------------------------------------
run_queries "$TMP/q"
report < <(python3 "$PY" check "$TMP/q")
report < <(python3 "$PY" overall "$TMP/q")

# ---- options and output ----------------------------------------------------------
run_hoso search --json --limit 1000 -- "mật ong"
all_total=$(json_get 'd["total"]')
check "mật ong finds pages (so the --limit cases below mean something)" test "${all_total:-0}" -gt 1
all_scores=$(json_get 'sorted(h["score"] for x in d["dossiers"] for h in x["hits"])')
run_hoso search --json --limit 1 -- "mật ong"
expect_rc "--limit 1 exits 0" 0
check "--limit 1 gives one hit" test "$(json_get 'sum(len(x["hits"]) for x in d["dossiers"])')" = 1
check "--limit 1 leaves total as it was ($all_total)" test "$(json_get 'd["total"]')" = "$all_total"
check "--limit 1 says limit 1" test "$(json_get 'd["limit"]')" = 1
check "--limit 1 gives the best hit" \
  test "$(json_get 'd["dossiers"][0]["hits"][0]["score"]')" = "$(python3 -c "print($all_scores[0])")"
run_hoso search --json mật ong
check "words given as separate arguments are one query" \
  test "$(json_get 'd["total"]')" = "$all_total"
for bad in 0 10001 abc -3; do
  run_hoso search --json --limit "$bad" -- "mật ong"
  expect_rc "--limit $bad is refused (exit 2)" 2
done

run_hoso search mật ong
expect_rc "search without --json exits 0" 0
check "the text output names the dossiers and files of the hits" \
  sh -c "grep -q 'QNA-2024-0012' '$TMP/out' && grep -q 'DNG-2024-0005' '$TMP/out' && grep -q 'documents/nhan-san-pham.txt' '$TMP/out' && grep -q 'documents/kiem-nghiem/giay-chung-nhan-attp.pdf' '$TMP/out'"
check "the text output leaves out dossiers without hits" \
  sh -c "grep -q 'QNA-2024-0012' '$TMP/out' && ! grep -q 'TNG-2022-0031' '$TMP/out'"
run_hoso search khuyến mãi
expect_rc "search without --json and without hits exits 0" 0
run_hoso search -- "-mật -ong"
expect_rc "search without --json of a query with only exclusions exits 2" 2
check "and says why on standard error" test -s "$TMP/err"

"$HOSO" init "$TMP/empty" >/dev/null 2>&1
run_hoso -A "$TMP/empty" search --json -- "mật ong"
expect_rc "a search of a new, empty archive exits 0" 0
check "and finds nothing" test "$(json_get '(d["total"], d["dossiers"])')" = "(0, [])"

# ---- the catalog is derived: deleted or rebuilt, the same hits -----------------
rm -f "$A/catalog.db" "$A/catalog.db-wal" "$A/catalog.db-shm"
run_queries "$TMP/q-deleted"
check "searching makes catalog.db again" test -f "$A/catalog.db"
report < <(python3 "$PY" same "$TMP/q" "$TMP/q-deleted" "after catalog.db is deleted, every query finds the same hits")
run_hoso reindex
expect_rc "hoso reindex exits 0" 0
run_queries "$TMP/q-reindexed"
report < <(python3 "$PY" same "$TMP/q" "$TMP/q-reindexed" "after hoso reindex, every query finds the same hits")

done_testing
