#!/bin/bash
# The command speaks Vietnamese: the translation compiles with every format
# string checked, and hoso run in a Vietnamese locale says what happened in
# Vietnamese, from the archive library's messages to the command's own.
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

PO="$HOSO_SRCDIR/po/vi.po"
mkdir -p "$TMP/locale/vi/LC_MESSAGES" "$TMP/loc"
check "po/vi.po compiles with every format string checked" \
  msgfmt --check -o "$TMP/locale/vi/LC_MESSAGES/hoso.mo" "$PO"
# Every source file with messages is listed for translation.
missing=$(cd "$HOSO_SRCDIR" && for f in archive/*.c indexer/*.c tools/*.c; do
  grep -q '_("' "$f" && ! grep -qx "$f" po/POTFILES.in && echo "$f"; done)
if [ -z "$missing" ]; then ok "po/POTFILES.in lists every source file with messages"
else not_ok "po/POTFILES.in lists every source file with messages" "missing: $missing"; fi

# Every message of the sources as they are now, not only those vi.po knows.
(cd "$HOSO_SRCDIR" && grep -v '^#' po/POTFILES.in | xargs xgettext --from-code=UTF-8 \
   --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
   -o "$TMP/hoso.pot") 2>"$TMP/xgettext.err" || not_ok "xgettext reads the sources" "$(cat "$TMP/xgettext.err")"
msgmerge --quiet -o "$TMP/merged.po" "$PO" "$TMP/hoso.pot"
untranslated=$(msgattrib --untranslated --no-obsolete "$TMP/merged.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$TMP/merged.po" | grep -c '^msgid ' || true)
# msgattrib prints the header entry too when anything is listed.
if [ "$untranslated" -le 1 ] && [ "$fuzzy" -le 1 ]; then ok "every message is translated, none fuzzy"
else not_ok "every message is translated" "untranslated: $untranslated, fuzzy: $fuzzy" \
  "$(msgattrib --untranslated --no-obsolete "$TMP/merged.po" | grep -A1 '^msgid' | head -20)"; fi

# A Vietnamese locale of our own, so the test needs nothing of the system's
# locale configuration (only the locales package's definitions).
if ! localedef -i vi_VN -f UTF-8 "$TMP/loc/vi_VN.UTF-8" >"$TMP/localedef.log" 2>&1; then
  not_ok "a vi_VN.UTF-8 locale can be built (install the locales package)" "$(cat "$TMP/localedef.log")"
  done_testing; exit
fi
vi () { LOCPATH="$TMP/loc" LC_ALL=vi_VN.UTF-8 LANGUAGE=vi HOSO_LOCALEDIR="$TMP/locale" "$HOSO" "$@"; }

rc=0; vi --archive "$TMP/nowhere" list >"$TMP/out" 2>"$TMP/err" || rc=$?
if [ $rc = 2 ] && grep -q "không phải là kho lưu trữ hoso" "$TMP/err" && grep -q "hoso init" "$TMP/err"; then
  ok "a library error is in Vietnamese, with the command to run"
else not_ok "a library error is in Vietnamese" "exit $rc" "$(cat "$TMP/err")"; fi

rc=0; vi init "$TMP/kho" >"$TMP/out" 2>"$TMP/err" || rc=$?
if [ $rc = 0 ] && ! grep -q "Created" "$TMP/out" && grep -q "kho" "$TMP/out"; then
  ok "hoso init reports in Vietnamese"
else not_ok "hoso init reports in Vietnamese" "exit $rc" "$(cat "$TMP/out" "$TMP/err")"; fi

echo "nội dung" > "$TMP/giấy.pdf"
rc=0; vi --archive "$TMP/kho" add "QNA 1" "$TMP/giấy.pdf" >"$TMP/out" 2>"$TMP/err" || rc=$?
if [ $rc = 2 ] && grep -q "mã hồ sơ" "$TMP/err"; then ok "a bad dossier id is explained in Vietnamese"
else not_ok "a bad dossier id is explained in Vietnamese" "exit $rc" "$(cat "$TMP/err")"; fi

rc=0; vi add --help >"$TMP/out" 2>&1 || rc=$?
if [ $rc = 0 ] && grep -q "HỒ-SƠ" "$TMP/out" && grep -q "Chờ lệnh ghi khác" "$TMP/out" && ! grep -q "Wait for another writer" "$TMP/out"; then
  ok "hoso add --help is in Vietnamese"
else not_ok "hoso add --help is in Vietnamese" "$(cat "$TMP/out")"; fi

rc=0; vi --archive "$TMP/kho" add QNA-2024-0001 "$TMP/giấy.pdf" >"$TMP/out" 2>"$TMP/err" || rc=$?
if [ $rc = 0 ] && grep -q "Văn bản: 1 tệp đã lập chỉ mục" "$TMP/out"; then ok "hoso add reports the text it indexed in Vietnamese"
else not_ok "hoso add reports the text it indexed in Vietnamese" "exit $rc" "$(cat "$TMP/out" "$TMP/err")"; fi

rc=0; vi --archive "$TMP/kho" search noi dung >"$TMP/out" 2>"$TMP/err" || rc=$?
if [ $rc = 0 ] && grep -q "trang 1" "$TMP/out" && grep -q "1 trang khớp" "$TMP/out"; then ok "hoso search answers in Vietnamese"
else not_ok "hoso search answers in Vietnamese" "exit $rc" "$(cat "$TMP/out" "$TMP/err")"; fi

rc=0; vi --archive "$TMP/kho" search -- -noi >"$TMP/out" 2>"$TMP/err" || rc=$?
if [ $rc = 2 ] && grep -q "truy vấn chỉ nêu những gì cần loại ra" "$TMP/err"; then ok "a query that cannot be searched is explained in Vietnamese"
else not_ok "a query that cannot be searched is explained in Vietnamese" "exit $rc" "$(cat "$TMP/err")"; fi

rc=0; "$HOSO" --archive "$TMP/nowhere" list >"$TMP/out" 2>"$TMP/err" || rc=$?
if grep -q "is not a hoso archive" "$TMP/err"; then ok "without a Vietnamese locale, messages stay English"
else not_ok "English by default" "$(cat "$TMP/err")"; fi

done_testing
