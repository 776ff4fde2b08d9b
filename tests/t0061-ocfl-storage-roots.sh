#!/bin/sh
# t0061-ocfl-storage-roots.sh: "hoso validate" on OCFL storage roots.
#
# Each case builds a storage root in $TMP from text (declarations, JSON
# written here, digests from sha512sum and sha256sum), breaks one rule, and
# checks the exit status and the code the OCFL validation-codes list gives:
# E069-E090 for the storage root itself, E112 and W016 for its extensions
# folder, W015 for mixed hierarchies, and the placement of objects under
# the 0004-hashed-n-tuple-storage-layout extension hoso uses.
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

# sidecar DIR: writes DIR/inventory.json.sha512.
sidecar () {
  printf '%s  inventory.json\n' \
    "$(sha512sum < "$1/inventory.json" | cut -c1-128)" > "$1/inventory.json.sha512"
}

# mkobject DIR ID [SPEC]: a valid object of one version and one file.
mkobject () {
  _spec=${3:-1.1}
  mkdir -p "$1/v1/content"
  printf 'ocfl_object_%s\n' "$_spec" > "$1/0=ocfl_object_$_spec"
  printf 'Hồ sơ %s\n' "$2" > "$1/v1/content/dossier.txt"
  _d=$(sha512sum < "$1/v1/content/dossier.txt" | cut -c1-128)
  cat > "$1/inventory.json" <<EOF
{
  "digestAlgorithm": "sha512",
  "head": "v1",
  "id": "$2",
  "manifest": { "$_d": [ "v1/content/dossier.txt" ] },
  "type": "https://ocfl.io/$_spec/spec/#inventory",
  "versions": {
    "v1": {
      "created": "2024-05-01T09:30:00Z",
      "message": "Nộp hồ sơ",
      "state": { "$_d": [ "dossier.txt" ] },
      "user": { "address": "mailto:lan@example.org", "name": "Nguyễn Thị Lan" }
    }
  }
}
EOF
  cp "$1/inventory.json" "$1/v1/inventory.json"
  sidecar "$1"
  sidecar "$1/v1"
}

# hashed ID: the path of ID under the 0004 layout's defaults (sha256, three
# tuples of three characters, then the whole digest).
hashed () {
  _h=$(printf '%s' "$1" | sha256sum | cut -c1-64)
  echo "$(echo "$_h" | cut -c1-3)/$(echo "$_h" | cut -c4-6)/$(echo "$_h" | cut -c7-9)/$_h"
}

LAYOUT_NAME=0004-hashed-n-tuple-storage-layout

# mkroot DIR [flat|hashed|hashed-no-config] [SPEC]: a storage root.
mkroot () {
  mkdir -p "$1"
  printf 'ocfl_%s\n' "${3:-1.1}" > "$1/0=ocfl_${3:-1.1}"
  case ${2:-hashed} in
    hashed|hashed-no-config)
      printf '{ "extension": "%s", "description": "sha256 of the id, 3 tuples of 3" }\n' \
        "$LAYOUT_NAME" > "$1/ocfl_layout.json" ;;
  esac
  if [ "${2:-hashed}" = hashed ]; then
    mkdir -p "$1/extensions/$LAYOUT_NAME"
    printf '{ "extensionName": "%s", "digestAlgorithm": "sha256", "tupleSize": 3, "numberOfTuples": 3, "shortObjectRoot": false }\n' \
      "$LAYOUT_NAME" > "$1/extensions/$LAYOUT_NAME/config.json"
  fi
}

# mkgood DIR: a hashed storage root holding two dossiers where they belong.
mkgood () {
  mkroot "$1" hashed
  mkobject "$1/$(hashed urn:ocop:QNA-2024-0012)" urn:ocop:QNA-2024-0012
  mkobject "$1/$(hashed urn:ocop:DNG-2025-0001)" urn:ocop:DNG-2025-0001
}

n=0
# newroot: a fresh folder name for the next case, in $R.
newroot () { n=$((n + 1)); R="$TMP/root$n"; }

# expect_clean DESC: the last run found PATH valid with no issue at all.
expect_clean () {
  if [ "$rc" = 0 ] && ! grep -q '\[[EW][0-9][0-9][0-9]\]' "$TMP/out"; then
    ok "$1"
  else
    not_ok "$1" "exit status $rc, wanted 0 and no issue" \
      "$(head -c 2000 "$TMP/out")" "$(head -c 500 "$TMP/err")"
  fi
}

# expect_codes DESC RC CODE...: the last run exited RC and reported each CODE.
expect_codes () {
  _desc=$1; _want=$2; shift 2
  _missing=
  for _c in "$@"; do
    grep -q "\[$_c\]" "$TMP/out" || _missing="$_missing $_c"
  done
  if [ "$rc" = "$_want" ] && [ -z "$_missing" ]; then
    ok "$_desc"
  else
    not_ok "$_desc" "exit status $rc (wanted $_want)${_missing:+; not reported:$_missing}" \
      "$(head -c 2000 "$TMP/out")" "$(head -c 500 "$TMP/err")"
  fi
}

# ---- Valid storage roots ---------------------------------------------------

newroot; mkgood "$R"
run_hoso validate "$R"
expect_clean "two objects placed by the 0004 layout"

newroot; mkroot "$R" hashed-no-config
mkobject "$R/$(hashed urn:ocop:QNA-2024-0012)" urn:ocop:QNA-2024-0012
run_hoso validate "$R"
expect_clean "0004 layout without config.json uses the extension's defaults"

newroot; mkroot "$R" hashed
mkobject "$R/3c0/ff4/240/3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4" object-01
run_hoso validate "$R"
expect_codes "the example mapping of the 0004 extension text (id object-01)" 0 W005
if grep -q '\[E' "$TMP/out"; then
  not_ok "object-01 at 3c0/ff4/240/3c0ff4... has no error" "$(cat "$TMP/out")"
else
  ok "object-01 at 3c0/ff4/240/3c0ff4... has no error"
fi

newroot; mkroot "$R" flat
mkobject "$R/dossier-a" urn:ocop:A
mkobject "$R/dossier-b" urn:ocop:B
run_hoso validate "$R"
expect_clean "flat root without ocfl_layout.json: objects as direct children"

newroot; mkgood "$R"
printf 'This store is kept by hoso.\n' > "$R/README.txt"
printf 'OCFL 1.1 text\n' > "$R/ocfl_1.1.md"
run_hoso validate "$R"
expect_clean "files at the top of the storage root are ignored (E087)"

newroot; mkgood "$R"
mkdir -p "$R/extensions/0099-local-extension"
printf 'notes\n' > "$R/extensions/0099-local-extension/notes.txt"
run_hoso validate "$R"
expect_codes "unregistered extension folder: a warning only" 0 W016

newroot; mkroot "$R" flat
mkobject "$R/top" urn:ocop:TOP
mkobject "$R/a/b/deep" urn:ocop:DEEP
run_hoso validate "$R"
expect_codes "objects both at the top and deeper: a warning only" 0 W015

run_hoso validate "$R/top"
expect_clean "an object inside a storage root validates on its own"

# ---- The declaration ----------------------------------------------------------

newroot; mkgood "$R"; rm "$R/0=ocfl_1.1"
run_hoso validate "$R"
expect_codes "no declaration" 1 E069

newroot; mkgood "$R"; printf 'ocfl_1.0\n' > "$R/0=ocfl_1.0"
run_hoso validate "$R"
expect_codes "two declarations" 1 E076

newroot; mkgood "$R"; rm "$R/0=ocfl_1.1"; printf 'ocfl_2.0\n' > "$R/0=ocfl_2.0"
run_hoso validate "$R"
expect_codes "declaration of an unknown OCFL version" 1 E077

newroot; mkgood "$R"; rm "$R/0=ocfl_1.1"; printf 'bagit_1.0\n' > "$R/0=bagit_1.0"
run_hoso validate "$R"
expect_codes "declaration that is not ocfl_" 1 E079

newroot; mkgood "$R"; printf 'ocfl_1.1' > "$R/0=ocfl_1.1"
run_hoso validate "$R"
expect_codes "declaration text without its newline" 1 E080

newroot; mkgood "$R"; rm "$R/0=ocfl_1.1"; mkdir "$R/0=ocfl_1.1"
run_hoso validate "$R"
expect_codes "declaration that is a folder" 1 E075

newroot; mkroot "$R" flat 1.0
mkobject "$R/obj" urn:ocop:NEWER 1.1
run_hoso validate "$R"
expect_codes "OCFL 1.1 object in an OCFL 1.0 storage root" 1 E081

# ---- ocfl_layout.json and the layout extension --------------------------------

newroot; mkgood "$R"
printf '{ "extension": "%s" }\n' "$LAYOUT_NAME" > "$R/ocfl_layout.json"
run_hoso validate "$R"
expect_codes "ocfl_layout.json without description" 1 E070

newroot; mkgood "$R"; printf 'extension = 0004\n' > "$R/ocfl_layout.json"
run_hoso validate "$R"
expect_codes "ocfl_layout.json that is not JSON" 1 E070

newroot; mkgood "$R"
printf '{ "extension": 4, "description": "x" }\n' > "$R/ocfl_layout.json"
run_hoso validate "$R"
expect_codes "ocfl_layout.json whose extension is not a name" 1 E071

newroot; mkgood "$R"
mkobject "$R/$(hashed urn:ocop:SOMETHING-ELSE)" urn:ocop:QNA-2024-0099
run_hoso validate "$R"
expect_codes "object stored where another id belongs" 1 E083

newroot; mkgood "$R"
mkobject "$R/abc/def/012/abcdef012" urn:ocop:MISPLACED
run_hoso validate "$R"
expect_codes "object outside the layout's path" 1 E083

newroot; mkgood "$R"
sed 's/"tupleSize": 3/"tupleSize": 40/' "$R/extensions/$LAYOUT_NAME/config.json" > "$TMP/c"
cp "$TMP/c" "$R/extensions/$LAYOUT_NAME/config.json"
run_hoso validate "$R"
expect_codes "layout config with tupleSize 40" 1 E083

newroot; mkgood "$R"; printf '{ "tupleSize": 3,' > "$R/extensions/$LAYOUT_NAME/config.json"
run_hoso validate "$R"
expect_codes "layout config that is not JSON" 1 E083

newroot; mkgood "$R"
printf '{ "extensionName": "%s", "digestAlgorithm": "crc7" }\n' "$LAYOUT_NAME" \
  > "$R/extensions/$LAYOUT_NAME/config.json"
run_hoso validate "$R"
expect_codes "layout config with an unknown digest algorithm" 1 E083

# ---- The storage hierarchy ----------------------------------------------------

newroot; mkroot "$R" flat
mkobject "$R/a/b/obj" urn:ocop:A
printf 'x\n' > "$R/a/stray.txt"
run_hoso validate "$R"
expect_codes "file in an intermediate folder" 1 E084

newroot; mkroot "$R" flat
mkobject "$R/obj" urn:ocop:A
mkdir -p "$R/lost/found"; printf 'x\n' > "$R/lost/found/file.txt"
run_hoso validate "$R"
expect_codes "branch ending in files, not an object" 1 E072 E085 E088

newroot; mkgood "$R"; mkdir -p "$R/fff/eee"
run_hoso validate "$R"
expect_codes "empty folder in the hierarchy" 1 E073

newroot; mkroot "$R" flat
mkobject "$R/outer" urn:ocop:OUTER
mkobject "$R/outer/inner" urn:ocop:INNER
run_hoso validate "$R"
expect_codes "object nested in another object" 1 E082

newroot; mkroot "$R" flat
mkobject "$TMP/elsewhere$n" urn:ocop:ELSEWHERE
mkobject "$R/obj" urn:ocop:A
ln -s "$TMP/elsewhere$n" "$R/link"
run_hoso validate "$R"
expect_codes "symbolic link in the hierarchy" 1 E090
if grep -q 'ELSEWHERE\|elsewhere[0-9]*/' "$TMP/out"; then
  not_ok "the link was not followed" "$(cat "$TMP/out")"
else
  ok "the link was not followed"
fi

newroot; mkgood "$R"; printf 'x\n' > "$R/extensions/stray.txt"
run_hoso validate "$R"
expect_codes "file in the extensions folder" 1 E112

newroot; mkroot "$R" flat
mkobject "$R/one" urn:ocop:SAME
mkobject "$R/two" urn:ocop:SAME
run_hoso validate "$R"
expect_codes "two objects with one id" 1 E037

newroot; mkgood "$R"
obj="$R/$(hashed urn:ocop:QNA-2024-0012)"
printf 'changed\n' > "$obj/v1/content/dossier.txt"
run_hoso validate "$R"
expect_codes "a damaged object makes the storage root invalid" 1 E092

run_hoso validate "$TMP/no-such-root"
expect_rc "a missing path is a usage error" 2

done_testing
