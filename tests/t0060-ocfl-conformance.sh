#!/bin/sh
# t0060-ocfl-conformance.sh: "hoso validate" against the OCFL 1.1 fixtures.
#
# Every fixture object of github.com/OCFL/fixtures (a copy is kept in
# ../shared/conformance/ocfl/1.1) is one case.  The fixture's folder names
# the expected result: good objects must be valid with no error; warn
# objects valid, with every W-code of the name reported; bad objects
# invalid, with at least one E-code of the name reported.  Codes reported
# beyond those named are listed as diagnostics, not failures (validators
# may find more, or find things in another order).
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

need_shared "the OCFL 1.1 conformance fixtures are in ../shared/conformance"
FIXTURES="$HOSO_SHARED/conformance/ocfl/1.1"
if [ ! -d "$FIXTURES/bad-objects" ]; then
  echo "1..0 # SKIP $FIXTURES holds no fixtures"
  exit 0
fi

passed=0
failed=0

# codes_of FILE: the distinct [E...] and [W...] codes in FILE, one a line.
codes_of () {
  grep -o '\[[EW][0-9][0-9][0-9]\]' "$1" | tr -d '[]' | sort -u
}

# named_codes NAME PREFIX: the codes of kind PREFIX (E or W) in a name.
named_codes () {
  printf '%s\n' "$1" | grep -o "${2}[0-9][0-9][0-9]" | sort -u
}

# extra_codes NAME: codes reported that the fixture's name does not list.
extra_codes () {
  codes_of "$TMP/out" | while read -r code; do
    case "$1" in *"$code"*) ;; *) printf '%s ' "$code" ;; esac
  done
}

# check_fixture KIND NAME: sets $why to the reason of a failure, or "".
check_fixture () {
  got=$(codes_of "$TMP/out" | tr '\n' ' ')
  errors=$(codes_of "$TMP/out" | grep '^E' | tr '\n' ' ')
  why=
  case $1 in
    good-objects|warn-objects)
      [ "$rc" = 0 ] || why="exit status $rc, wanted 0"
      [ -z "$errors" ] || why="${why:+$why; }errors reported: $errors"
      if [ "$1" = warn-objects ]; then
        for w in $(named_codes "$2" W); do
          case " $got " in *" $w "*) ;; *) why="${why:+$why; }$w not reported" ;; esac
        done
      fi ;;
    bad-objects)
      [ "$rc" = 1 ] || why="exit status $rc, wanted 1"
      hit=
      for e in $(named_codes "$2" E); do
        case " $got " in *" $e "*) hit=yes ;; esac
      done
      [ -n "$hit" ] || why="${why:+$why; }none of $(named_codes "$2" E | tr '\n' ' ')reported (got: ${got:-nothing})" ;;
  esac
}

for kind in good-objects warn-objects bad-objects; do
  for dir in "$FIXTURES/$kind"/*/; do
    [ -d "$dir" ] || continue
    name=$(basename "$dir")
    run_hoso validate "$dir"
    check_fixture "$kind" "$name"
    if [ -z "$why" ]; then
      passed=$((passed + 1))
      ok "$kind/$name"
    else
      failed=$((failed + 1))
      not_ok "$kind/$name" "$why" "$(head -c 2000 "$TMP/out")" \
        "$(head -c 500 "$TMP/err")"
    fi
    extra=$(extra_codes "$name")
    [ -z "$extra" ] || diag "$kind/$name also reports: $extra"
  done
done

diag "ocfl 1.1 conformance: $passed passed, $failed failed"
done_testing
