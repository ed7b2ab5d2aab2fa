#!/bin/sh
# The message catalogues: po/POTFILES lists every source, and each language
# of po/LINGUAS translates every message the sources have today (none
# missing, none fuzzy), with the format directives of each message kept in
# order and type (msgfmt --check). French man pages document the options
# of the English ones.
. "$TESTS_DIR/lib/cli.sh"
cd "$SOURCE_DIR" || exit 1

# POTFILES names exactly the C files of cmd/ and lib/.
run sh -c 'find cmd lib -name "*.[ch]" | LC_ALL=C sort | diff -u po/POTFILES -'
expect_code 0
expect_no_out

# The messages of the sources as they are now, with the options the build uses.
# shellcheck disable=SC2046
run xgettext $(cat po/XGETTEXT_ARGS) --package-name=cm -o "$TMP/cm.pot" -f po/POTFILES
expect_code 0
messages=$(grep -c '^msgid ' "$TMP/cm.pot")
messages=$((messages - 1))
checks=$((checks + 1))
[ "$messages" -gt 800 ] || fail "only $messages messages extracted"

for lang in $(cat po/LINGUAS); do
	# The catalogue as committed: every message translated, none fuzzy.
	run msgfmt --check --statistics -o /dev/null "po/$lang.po"
	expect_code 0
	case $err in
	*fuzzy* | *untranslated*) fail "po/$lang.po: $err" ;;
	esac
	# Against today's sources: nothing new left untranslated.
	run msgmerge --quiet --no-fuzzy-matching -o "$TMP/$lang.po" "po/$lang.po" "$TMP/cm.pot"
	expect_code 0
	run msgfmt --check --statistics -o /dev/null "$TMP/$lang.po"
	expect_code 0
	expect_err <<X
$messages translated messages.
X
done

# French uses the singular for 0 and 1; Dutch and German for 1 only.
run grep -h '^"Plural-Forms' po/fr.po po/nl.po po/de.po
expect_out <<'X'
"Plural-Forms: nplurals=2; plural=(n > 1);\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
X

# Each English man page has a French one documenting the same options.
for page in man/*.scd; do
	name=${page#man/}
	checks=$((checks + 1))
	if [ ! -f "man/fr/$name" ]; then
		fail "man/fr/$name is missing"
		continue
	fi
	grep -o -- '--[a-z][a-z0-9-]*' "$page" | LC_ALL=C sort -u >"$TMP/en.opts"
	grep -o -- '--[a-z][a-z0-9-]*' "man/fr/$name" | LC_ALL=C sort -u >"$TMP/fr.opts"
	cmp -s "$TMP/en.opts" "$TMP/fr.opts" ||
		fail "man/fr/$name documents other options: $(diff "$TMP/en.opts" "$TMP/fr.opts" | grep '^[<>]' | tr '\n' ' ')"
done
run sh -c 'ls man/fr/*.scd | wc -l'
checks=$((checks + 1))
[ "$out" -ge 26 ] || fail "only $out French man pages"

finish
