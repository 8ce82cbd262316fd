#!/usr/bin/env bash
# Checks an installed tonecoach (make install-check): it runs from / with an empty environment,
# with the built-in profile, and needs no Swift library at run time.
set -euo pipefail
prefix="$1"
binary="$prefix/bin/tonecoach"
example="$(cd "$(dirname "$0")" && pwd)/Fixtures/example-call.wav"
fail() { echo "install-check: $*" >&2; exit 1; }

[ -x "$binary" ] || fail "no $binary"
if ldd "$binary" | grep -i -E 'swift|Foundation|dispatch|icu'; then fail "the installed binary needs Swift's libraries at run time"; fi
echo "ldd: no Swift library"
out="$(cd / && env -i "$binary" analyze "$example")" || fail "analyze failed from / with an empty environment"
grep -q "speech rate" <<<"$out" || fail "analyze printed no summary: $out"
echo "analyze from / with an empty environment: ok"
(cd / && env -i "$binary" live --simulate "$example" --duration 1 >/dev/null) || fail "live --simulate failed"
echo "live --simulate with the built-in profile: ok"
[ -s "$prefix/share/man/man1/tonecoach.1" ] || fail "no man page"
grep -q "analyze" "$prefix/share/man/man1/tonecoach.1" || fail "the man page does not document analyze"
[ -s "$prefix/share/bash-completion/completions/tonecoach" ] || fail "no bash completion"
grep -q "analyze" "$prefix/share/bash-completion/completions/tonecoach" || fail "the bash completion lacks analyze"
[ -s "$prefix/share/zsh/site-functions/_tonecoach" ] || fail "no zsh completion"
echo "install-check: $binary is self-contained"
