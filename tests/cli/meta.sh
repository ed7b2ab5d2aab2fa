#!/bin/sh
# Every command in the table has -h (without a database), a man page, and
# completes in bash; every man page builds.
. "$TESTS_DIR/lib/cli.sh"

commands=$("$CM" --list-commands)
checks=$((checks + 1))
[ -n "$commands" ] || fail "no commands listed"
checks=$((checks + 1))
printf '%s\n' "$commands" | LC_ALL=C sort -c 2>/dev/null || fail "the command table is not sorted"

for c in $commands; do
	run cm "$c" -h
	expect_code 0
	checks=$((checks + 1))
	case $out in
	usage:\ cm\ "$c"*) ;;
	*) fail "cm $c -h does not start with its usage" ;;
	esac
	checks=$((checks + 1))
	[ -f "$SOURCE_DIR/man/cm-$c.1.scd" ] || fail "no man page man/cm-$c.1.scd"
	checks=$((checks + 1))
	[ -s "$BUILD_DIR/man/cm-$c.1" ] || fail "man page cm-$c.1 was not built"
	run cm --list-options "$c"
	expect_code 0
done

# Every page on disk names a command that exists (or is cm itself).
for page in "$SOURCE_DIR"/man/cm-*.1.scd; do
	name=${page##*/cm-}
	name=${name%.1.scd}
	checks=$((checks + 1))
	printf '%s\n' "$commands" | grep -qx "$name" || [ "$name" = import ] ||
		fail "man page for unknown command '$name'"
done

# The completion script completes commands and each command's options.
if command -v bash >/dev/null; then
	mkdir -p "$TMP/bin"
	ln -s "$CM" "$TMP/bin/cm"
	run bash -c '. "$1"; PATH="$2:$PATH"
		COMP_WORDS=(cm sh); COMP_CWORD=1; _cm; printf "%s\n" "${COMPREPLY[@]}"' _ \
		"$SOURCE_DIR/scripts/completion/cm.bash" "$TMP/bin"
	expect_out <<'X'
show
X
	# Actions and report names complete at their place.
	run bash -c '. "$1"; PATH="$2:$PATH"
		COMP_WORDS=(cm report y); COMP_CWORD=2; _cm; printf "%s\n" "${COMPREPLY[@]}"
		COMP_WORDS=(cm plan 12 s); COMP_CWORD=3; _cm; printf "%s\n" "${COMPREPLY[@]}"
		COMP_WORDS=(cm consent 12 give s); COMP_CWORD=4; _cm; printf "%s\n" "${COMPREPLY[@]}"
		COMP_WORDS=(cm person e); COMP_CWORD=2; _cm; printf "%s\n" "${COMPREPLY[@]}"' _ \
		"$SOURCE_DIR/scripts/completion/cm.bash" "$TMP/bin"
	expect_out <<'X'
youth-guarantee
sign
show
share-partners
edit
export
X
	for c in $commands; do
		opts=$("$CM" --list-options "$c")
		[ -n "$opts" ] || continue
		first=${opts%% *}
		run bash -c '. "$1"; PATH="$2:$PATH"
			COMP_WORDS=(cm --db x "$3" "$4"); COMP_CWORD=4; _cm
			printf "%s\n" "${COMPREPLY[@]}"' _ \
			"$SOURCE_DIR/scripts/completion/cm.bash" "$TMP/bin" "$c" "$first"
		checks=$((checks + 1))
		printf '%s\n' "$out" | grep -qx -- "$first" || fail "no completion of $first for cm $c"
	done
fi

finish
