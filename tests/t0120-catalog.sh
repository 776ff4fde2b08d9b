#!/bin/bash
# t0120-catalog.sh: the catalog is derived, and kept in step with the store.
#
# Deleting, damaging or outdating catalog.db loses nothing; `hoso reindex`
# rebuilds it without reading any file again; a writer killed between its
# commit and the catalog is caught up by the next command; `--defer-text`
# leaves text pending for `hoso index`, which can be interrupted and resumed;
# a reader searches while a writer indexes.
. "$(dirname "$0")/lib.sh"
unset HOSO_FAULT_KILL_AFTER_COMMIT HOSO_EXTRACT_FAULT

A=$TMP/archive
export HOSO_ARCHIVE=$A
mkdir -p "$TMP/in"
cd "$TMP/in"
printf 'Phiếu kiểm nghiệm măng cụt của Hợp tác xã Tiên Phước\n' >kiem-nghiem.txt
printf 'Giấy chứng nhận an toàn thực phẩm, đặc sản bòn bon\n' >chung-nhan.txt
printf 'Quyết định công nhận sản phẩm OCOP 4 sao: mật ong rừng\n' >quyet-dinh.txt

# hits QUERY: "DOSSIER:path#page" of every hit, sorted, one line.
hits () {
  "$HOSO" search --json --limit 1000 -- "$@" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(sorted(x["id"] + ":" + h["path"] + "#" + str(h["page"]) for x in d["dossiers"] for h in x["hits"])))'
}
# same DESC WANT QUERY...: one case, the hits of QUERY are WANT.
same () {
  local desc=$1 want=$2 got; shift 2
  got=$(hits "$@" 2>&1)
  if [ "$got" = "$want" ]; then ok "$desc"; else not_ok "$desc" "got:  $got" "want: $want"; fi
}
# pending: how many contents wait for their text, read from catalog.db
# itself (a hoso command would catch up or index first).
pending () {
  python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM content WHERE text_status = ?", ("pending",)).fetchone()[0])' "$A/catalog.db"
}

"$HOSO" init "$A" >/dev/null
run_hoso add QNA-2024-0001 kiem-nghiem.txt chung-nhan.txt
expect_rc "add indexes the text before it returns" 0
check "and says how many files it indexed" grep -q "2 indexed" "$TMP/out"
same "the text is searchable at once" "QNA-2024-0001:documents/kiem-nghiem.txt#1" mang cut
baseline=$(hits mang OR bon)

# ---- the catalog is derived
rm -f "$A/catalog.db" "$A/catalog.db-wal" "$A/catalog.db-shm"
same "with catalog.db deleted, the next search rebuilds it and finds the same" "$baseline" mang OR bon

printf 'this is not a database, only bytes that look nothing like SQLite\n%.0s' 1 2 3 >"$A/catalog.db"
rm -f "$A/catalog.db-wal" "$A/catalog.db-shm"
same "a damaged catalog.db is replaced and finds the same" "$baseline" mang OR bon

python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 0"); c.commit()' "$A/catalog.db"
same "a catalog of another schema version is rebuilt" "$baseline" mang OR bon

# reindex reads nothing again: it works with no extraction worker at all.
HOSO_EXTRACT_WORKER=/bin/false run_hoso reindex
expect_rc "hoso reindex needs no extraction worker (it reads no file again)" 0
same "and the rebuilt catalog answers as before" "$baseline" mang OR bon
check "and reports no file waiting" test "$(pending)" = 0

# ---- a writer killed between its commit and the catalog
HOSO_FAULT_KILL_AFTER_COMMIT=1 run_hoso add QNA-2024-0001 quyet-dinh.txt
check "the writer died after committing (SIGKILL)" test "$rc" = 137
check "the version is in the store" test "$(head_of "$A" QNA-2024-0001)" = 2
check "and a note says the catalog may lag" test -n "$(ls "$A/catalog-behind")"
run_hoso search mat ong
check "the next command catches the catalog up (the new file waits for its text)" \
  test "$(pending)" = 1
check "and removes the note" test -z "$(ls "$A/catalog-behind")"
run_hoso index
expect_rc "hoso index reads the file the dead writer left" 0
same "and then it is found" "QNA-2024-0001:documents/quyet-dinh.txt#1" mat ong rung

# ---- --defer-text, and hoso index interrupted and resumed
mkdir many
for i in $(seq 1 6); do printf 'Biên bản số %d về chè xanh\n' "$i" >"many/bien-ban-$i.txt"; done
printf 'Biên bản treo máy\n' >many/fault-hang.txt
run_hoso add --defer-text QNA-2024-0002 many
expect_rc "add --defer-text stores without reading" 0
check "and says the files wait" grep -q "7" "$TMP/out"
same "deferred text is not searchable yet" "" che xanh

HOSO_EXTRACT_FAULT=hang HOSO_EXTRACT_TIMEOUT=30 HOSO_EXTRACT_WORKERS=1 \
  "$HOSO" index >"$TMP/index.out" 2>&1 &
pid=$!
# Wait until the six good files are read (the hang comes last, by id).
for _ in $(seq 1 100); do
  n=$(hits che xanh | wc -w); [ "$n" -ge 1 ] && [ "$(pending)" -le 1 ] && break; sleep 0.2
done
kill -INT "$pid"; rc=0; wait "$pid" || rc=$?
check "Ctrl-C stops hoso index with status 130" test "$rc" = 130
check "saying it was interrupted" grep -qi "interrupted" "$TMP/index.out"
check "what was read is kept, the rest still waits" test "$(pending)" -ge 1
run_hoso index
expect_rc "a second hoso index goes on to the end" 0
check "and nothing waits any more" test "$(pending)" = 0
check "the six minutes are found" test "$(hits che xanh | wc -w)" = 6

# ---- readers never wait for a writer
for i in $(seq 1 40); do printf 'Hồ sơ lưu trữ số %d, nước mắm cá cơm\n' "$i" >"many/ho-so-$i.txt"; done
rm -f many/fault-hang.txt
"$HOSO" add --defer-text QNA-2024-0003 many >/dev/null
HOSO_EXTRACT_WORKERS=1 "$HOSO" index >/dev/null 2>&1 &
pid=$!
slow=0
for _ in $(seq 1 10); do
  start=$(date +%s%N)
  "$HOSO" search mang cut >/dev/null 2>&1 || slow=99
  [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 2000 ] || slow=$((slow + 1))
done
wait "$pid"
check "searches during hoso index all return, none slower than 2 s" test "$slow" = 0
same "and the indexed text is complete afterwards" "$(printf 'QNA-2024-0003:documents/many/ho-so-%s.txt#1\n' $(seq 1 40) | sort | tr '\n' ' ' | sed 's/ $//')" nuoc mam

# ---- counting stops past 1,000 matching pages
mkdir -p big
for i in $(seq 1 1005); do printf 'Sổ theo dõi số %d: bưởi Thanh Trà\n' "$i" >"big/so-$i.txt"; done
"$HOSO" add QNA-2024-0005 big >/dev/null 2>&1
"$HOSO" search --json buoi thanh tra --limit 5 >"$TMP/big.json"
check "past 1,000 matching pages the count stops, and says there are more" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d["total"] == 1000 and d["more"] is True and len(d["dossiers"][0]["hits"]) == 5))' "$TMP/big.json"
"$HOSO" search --json buoi thanh tra dossier:QNA-2024-0005 path:big/so-10 --limit 50 >"$TMP/few.json"
check "a narrower search counts exactly (so-10, so-100..so-109, so-1000..so-1005)" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d["total"] == 17 and d["more"] is False))' "$TMP/few.json"
"$HOSO" search --json buoi thanh tra --limit 1003 >"$TMP/many.json"
check "a limit above 1,000 is counted up to the limit" \
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); n=sum(len(x["hits"]) for x in d["dossiers"]); sys.exit(not (n == 1003 and d["total"] == 1003 and d["more"] is True))' "$TMP/many.json"

# ---- a commit waits for, or refuses, a rebuild holding the lock
exec 9>"$A/lock"
flock 9
run_hoso reindex
expect_rc "reindex while a writer holds the lock exits 3" 3
flock -u 9
exec 9>&-

# ---- a worker that cannot start: the version is still written
printf 'Công văn mới về mật ong rừng\n' >cong-van.txt
HOSO_EXTRACT_WORKER=/bin/false run_hoso add QNA-2024-0004 cong-van.txt
check "add with a broken worker exits 4" test "$rc" = 4
check "saying the version is written but the catalog not updated" grep -q "is written" "$TMP/err"
check "the version is in the store" test "$(head_of "$A" QNA-2024-0004)" = 1
run_hoso index
same "hoso index then makes it searchable" "QNA-2024-0001:documents/quyet-dinh.txt#1 QNA-2024-0004:documents/cong-van.txt#1" mat ong rung

done_testing
