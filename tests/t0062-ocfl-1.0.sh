#!/bin/sh
# t0062-ocfl-1.0.sh: "hoso validate" on OCFL 1.0 objects and storage roots.
#
# The objects are in tests/data/ocfl-1.0 (see its README.md), named like the
# OCFL fixtures: good objects must validate with no issue at all, warn
# objects must validate and report every W-code of their name, bad objects
# must be rejected with at least one E-code of their name.  Then the good
# objects are put in an OCFL 1.0 storage root and in a 1.1 one, where
# objects of an earlier OCFL version are allowed.
. "${HOSO_SRCDIR:-.}/tests/lib.sh"

DATA="$HOSO_SRCDIR/tests/data/ocfl-1.0"

codes_of () {
  grep -o '\[[EW][0-9][0-9][0-9]\]' "$TMP/out" | tr -d '[]' | sort -u | tr '\n' ' '
}

for dir in "$DATA"/good-objects/*/; do
  name=good-objects/$(basename "$dir")
  run_hoso validate "$dir"
  got=$(codes_of)
  if [ "$rc" = 0 ] && [ -z "$got" ]; then ok "$name"; else
    not_ok "$name" "exit status $rc, codes: ${got:-none}; wanted 0 and none" \
      "$(head -c 2000 "$TMP/out")"
  fi
done

for dir in "$DATA"/warn-objects/*/; do
  base=$(basename "$dir")
  run_hoso validate "$dir"
  got=$(codes_of)
  why=
  [ "$rc" = 0 ] || why="exit status $rc, wanted 0"
  case " $got" in *" E"*) why="${why:+$why; }errors: $got" ;; esac
  for w in $(printf '%s\n' "$base" | grep -o 'W[0-9][0-9][0-9]'); do
    case " $got " in *" $w "*) ;; *) why="${why:+$why; }$w not reported" ;; esac
  done
  if [ -z "$why" ]; then ok "warn-objects/$base"; else
    not_ok "warn-objects/$base" "$why" "$(head -c 2000 "$TMP/out")"
  fi
done

for dir in "$DATA"/bad-objects/*/; do
  base=$(basename "$dir")
  run_hoso validate "$dir"
  got=$(codes_of)
  hit=
  for e in $(printf '%s\n' "$base" | grep -o 'E[0-9][0-9][0-9]'); do
    case " $got " in *" $e "*) hit=yes ;; esac
  done
  if [ "$rc" = 1 ] && [ -n "$hit" ]; then ok "bad-objects/$base"; else
    not_ok "bad-objects/$base" "exit status $rc (wanted 1), codes: ${got:-none}" \
      "$(head -c 2000 "$TMP/out")"
  fi
done

# A storage root of declared version VERSION holding copies of the good
# objects as direct children.
for version in 1.0 1.1; do
  root="$TMP/root-$version"
  mkdir -p "$root"
  printf 'ocfl_%s\n' "$version" > "$root/0=ocfl_$version"
  cp -R "$DATA"/good-objects/* "$root/"
  run_hoso validate "$root"
  got=$(codes_of)
  if [ "$rc" = 0 ] && [ -z "$got" ]; then
    ok "OCFL $version storage root of OCFL 1.0 objects"
  else
    not_ok "OCFL $version storage root of OCFL 1.0 objects" \
      "exit status $rc, codes: ${got:-none}" "$(head -c 2000 "$TMP/out")"
  fi
done

done_testing
