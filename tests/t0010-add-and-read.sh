#!/bin/sh
# t0010-add-and-read.sh: files go into a dossier and come back out the same.
#
# Adds files and a folder, reads them back byte for byte, makes more
# versions (replace, rm, mv), reads old versions, and checks what the store
# promises: identical content stored once, no empty versions, names in NFC,
# no two names differing only by case, and a store the validator accepts.
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

A="$TMP/archive"
export HOSO_ARCHIVE="$A"
D=QNA-2024-0012
"$HOSO" init >/dev/null 2>&1 || { echo "Bail out! hoso init failed"; exit 1; }

json_get () { # json_get EXPR: a value from the last run's JSON output
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$TMP/out" "$1"
}
# Paths column of "hoso ls".
ls_paths () { "$HOSO" ls "$@" | awk '{print $1}' | tr '\n' ' '; }
head_version () { "$HOSO" --json ls $D | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])'; }
object_root () { dirname "$(find "$A/store" -name '0=ocfl_object_1.1' | head -n 1)"; }
content_files () { find "$(object_root)" -path '*/content/*' -type f | wc -l; }

mkdir -p "$TMP/in/scans/sub"
head -c 300000 /dev/urandom >"$TMP/in/a.pdf"
printf 'bien ban v1\n' >"$TMP/in/b.txt"
head -c 5000 /dev/urandom >"$TMP/in/scans/p1.jpg"
head -c 7000 /dev/urandom >"$TMP/in/scans/sub/p2.jpg"
cd "$TMP/in"

# ---- v1: files and a folder ----
run_hoso add $D a.pdf b.txt scans
expect_rc "add files and a folder to a new dossier exits 0" 0
check "add reports version 1" grep -q "version 1" "$TMP/out"
check "the default message counts the files" sh -c "'$HOSO' log $D | grep -q 'Add 4 files'"
check "ls lists the files under documents/, the folder as documents/scans/" \
  test "$(ls_paths $D)" = "documents/a.pdf documents/b.txt documents/scans/p1.jpg documents/scans/sub/p2.jpg "
short=$(sha512sum a.pdf | cut -c1-12)
check "ls shows the start of the SHA-512 digest" sh -c "'$HOSO' ls $D | grep 'documents/a.pdf' | grep -q '$short'"
run_hoso --json ls $D
check "ls --json gives exact sizes" test "$(json_get '[f["size"] for f in d["files"]]')" = "[300000, 12, 5000, 7000]"

rc=0; "$HOSO" get $D documents/a.pdf >"$TMP/a.out" 2>"$TMP/err" || rc=$?
expect_rc "get to standard output exits 0" 0
check "get to standard output is byte-identical" cmp a.pdf "$TMP/a.out"
run_hoso get $D scans/sub/p2.jpg -o "$TMP/p2.out"
expect_rc "get -o FILE (path without documents/) exits 0" 0
check "get -o FILE is byte-identical" cmp scans/sub/p2.jpg "$TMP/p2.out"
check "get -o leaves no temporary file" test "$(ls "$TMP" | grep -c 'p2.out')" = 1
run_hoso get $D documents/missing.pdf -o "$TMP/missing.out"
expect_rc "get of a path that is not there exits 2" 2
check "and creates no output file" test ! -e "$TMP/missing.out"

# ---- v2: a file replaced, through --as ----
printf 'bien ban v2, sua doi\n' >"$TMP/b2.txt"
run_hoso add $D "$TMP/b2.txt" --as documents/b.txt -m "Update the minutes" --user "Nguyễn Văn An <an@example.vn>"
expect_rc "add --as replacing a file exits 0" 0
check "--as with documents/ does not double it" test "$(ls_paths $D)" = "documents/a.pdf documents/b.txt documents/scans/p1.jpg documents/scans/sub/p2.jpg "
"$HOSO" log $D >"$TMP/log" 2>&1
check "log shows both versions, newest first" sh -c "grep -n '^v[0-9]' '$TMP/log' | cut -d: -f2 | cut -c1-2 | tr '\n' ' ' | grep -qx 'v2 v1 '"
check "log shows the message, the user and the change counts" \
  sh -c "grep -A2 '^v2' '$TMP/log' | grep -q 'Nguyễn Văn An <an@example.vn>' && grep -A2 '^v2' '$TMP/log' | grep -q 'Update the minutes' && grep -A2 '^v2' '$TMP/log' | grep -q '1 modified'"
run_hoso diff $D 1 2
check "diff 1 2 shows b.txt modified, nothing else" test "$(cat "$TMP/out")" = "modified  documents/b.txt"
run_hoso diff $D 0 1
check "diff 0 1 shows the 4 files of v1 added" test "$(grep -c '^added ' "$TMP/out")" = 4

# ---- v3 and v4: rm and mv ----
run_hoso rm $D b.txt
expect_rc "rm (path without documents/) exits 0" 0
check "rm removes the file from the head" test "$(ls_paths $D)" = "documents/a.pdf documents/scans/p1.jpg documents/scans/sub/p2.jpg "
run_hoso mv $D documents/a.pdf ho-so-dang-ky.pdf
expect_rc "mv exits 0" 0
check "mv renames the file" test "$(ls_paths $D)" = "documents/ho-so-dang-ky.pdf documents/scans/p1.jpg documents/scans/sub/p2.jpg "
run_hoso diff $D 3 4
check "diff shows the rename" grep -q "renamed.*documents/a.pdf → documents/ho-so-dang-ky.pdf" "$TMP/out"
run_hoso rm $D documents/nothing-here.pdf
expect_rc "rm of a path that is not there exits 2" 2
check "head is still v4 after the failed rm" test "$(head_version)" = 4

# ---- old versions stay readable ----
"$HOSO" get $D b.txt --version 1 >"$TMP/b1.out" 2>&1
check "get --version 1 gives the first text" cmp b.txt "$TMP/b1.out"
"$HOSO" get $D b.txt --version v2 >"$TMP/b2.out" 2>&1
check "get --version v2 gives the second text" cmp "$TMP/b2.txt" "$TMP/b2.out"
check "ls --version 1 lists v1's files" test "$(ls_paths $D --version 1)" = "documents/a.pdf documents/b.txt documents/scans/p1.jpg documents/scans/sub/p2.jpg "
run_hoso ls $D --version 9
expect_rc "ls --version of a version that does not exist exits 2" 2

# ---- identical content is stored once; no empty versions ----
before=$(content_files)
cp a.pdf "$TMP/copy-of-a.pdf"
run_hoso add $D "$TMP/copy-of-a.pdf"
expect_rc "adding known content under a new name exits 0" 0
check "it makes a version but stores no new file" test "$(head_version):$(content_files)" = "5:$before"
run_hoso add $D "$TMP/copy-of-a.pdf"
expect_rc "adding the same file again exits 0" 0
check "it says nothing changed" grep -q "Nothing changed" "$TMP/out"
check "and makes no version" test "$(head_version)" = 5
check "and no version folder" test ! -e "$(object_root)/v6"

# ---- names: NFC on the way in, case clashes refused ----
nfd=$(printf 'Gia\314\202\314\201y ch\306\260\314\201ng nh\303\242\314\243n.pdf')  # Giấy chứng nhận, decomposed
nfc=$(printf 'Gi\341\272\245y ch\341\273\251ng nh\341\272\255n.pdf')
printf 'certificate\n' >"$TMP/$nfd"
run_hoso add $D "$TMP/$nfd"
expect_rc "a name in NFD is accepted" 0
check "and stored in NFC" sh -c "'$HOSO' ls $D | grep -qF 'documents/$nfc' && ! '$HOSO' ls $D | grep -qF '$nfd'"
run_hoso get $D "$nfd" -o "$TMP/cert.out"
check "and read back by either form" cmp "$TMP/$nfd" "$TMP/cert.out"
printf 'other\n' >"$TMP/HO-SO-DANG-KY.PDF"
run_hoso add $D "$TMP/HO-SO-DANG-KY.PDF"
expect_rc "a name differing only by case from a stored one is refused (exit 2)" 2
check "the refusal names the file and the dossier" \
  sh -c "grep -q 'HO-SO-DANG-KY.PDF' '$TMP/err' && grep -q '$D' '$TMP/err'"
check "and makes no version" test "$(head_version)" = 6

# ---- input errors ----
run_hoso add $D "$TMP/no-such.pdf"
expect_rc "adding a missing file exits 2" 2
check "the message says what, where, why and what next" \
  grep -q "cannot add “$TMP/no-such.pdf” to $D: No such file or directory. Check the path" "$TMP/err"
run_hoso add "bad id!" a.pdf
expect_rc "a bad dossier id exits 2" 2
run_hoso ls NO-SUCH-DOSSIER
expect_rc "ls of a dossier that does not exist exits 2" 2
run_hoso add $D a.pdf --user "no email"
expect_rc "--user without <email> exits 2" 2

# ---- list, verify, validate ----
run_hoso list
check "list shows the dossier with its head version" grep -q "^$D  *v6 " "$TMP/out"
run_hoso verify
expect_rc "verify of an intact archive exits 0" 0
run_hoso validate "$A/store"
expect_rc "validate of the store exits 0" 0
run_hoso --json validate "$A/store"
check "validate of the store has no errors and no warnings" test "$(json_get '(d["valid"], d["errors"], d["warnings"])')" = "(True, [], [])"

victim=$(find "$(object_root)" -path '*/content/*' -name 'p1.jpg' | head -n 1)
chmod u+w "$victim" 2>/dev/null; printf 'X' | dd of="$victim" bs=1 seek=10 conv=notrunc 2>/dev/null
run_hoso verify $D
expect_rc "verify finds a damaged file (exit 1)" 1
check "and names the dossier, version, path and both digests" \
  sh -c "grep -q '$D: v1 documents/scans/p1.jpg' '$TMP/out' && grep -q 'expected *$(sha512sum scans/p1.jpg | cut -d" " -f1)' '$TMP/out' && grep -q 'found *[0-9a-f]\{128\}' '$TMP/out'"
run_hoso get $D scans/p1.jpg -o "$TMP/p1.out"
expect_rc "get of a damaged file fails with exit 1" 1
check "and leaves no output file" test ! -e "$TMP/p1.out"

done_testing
