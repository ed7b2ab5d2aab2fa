#!/bin/sh
# README.md's tour, run as printed: every command of its first sh block, in
# order, in one shell, on a fresh database and the real clock. Each must
# succeed (the import exits 3: its sample has rejected rows), and a "# -> N"
# comment is the output that command must print.
. "$TESTS_DIR/lib/cli.sh"
unset CM_DB CM_TODAY CM_NOW
export HOME="$TMP/home"
mkdir -p "$HOME" "$TMP/bin" "$TMP/tree"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$CM" >"$TMP/bin/cm"
chmod +x "$TMP/bin/cm"
PATH="$TMP/bin:$PATH"
# The tour runs from the top of the source tree; it writes its files here.
ln -s "$SOURCE_DIR/mappings" "$SOURCE_DIR/tests" "$TMP/tree/"
cd "$TMP/tree" || exit 1

# The tour's commands, one per line, continuation lines joined.
awk '/^## A short tour/ { tour = 1 } tour && /^```sh/ { inside = 1; next }
	inside && /^```/ { exit }
	inside { if (sub(/\\$/, "")) { line = line $0; next } print line $0; line = "" }' \
	"$SOURCE_DIR/README.md" >"$TMP/tour"
lines=$(grep -c '^cm \|^[A-Z_]*=.* cm \|^export ' "$TMP/tour")
checks=$((checks + 1))
[ "$lines" -ge 30 ] || fail "the tour has only $lines commands"

# The output a "# -> N" comment promises: its first word.
promised()
{
	printf '%s\n' "$1" | sed -n 's/.*# -> \([^ ,(]*\).*/\1/p'
}

last=
while IFS= read -r line; do
	case $line in
	'# -> '*)
		want=$(promised "$line")
		checks=$((checks + 1))
		[ "$(head -n 1 "$TMP/out")" = "$want" ] ||
			fail "'$last' printed '$(head -n 1 "$TMP/out")', the tour says $want"
		continue ;;
	'#'*|'') continue ;;
	esac
	current=$line
	eval "$line" >"$TMP/out" 2>"$TMP/err" </dev/null
	code=$?
	err=$(cat "$TMP/err")
	case $line in
	*--import*) expect_code 3 ;;
	*) expect_code 0 ;;
	esac
	want=$(promised "$line")
	if [ -n "$want" ]; then
		checks=$((checks + 1))
		[ "$(head -n 1 "$TMP/out")" = "$want" ] ||
			fail "printed '$(head -n 1 "$TMP/out")', the tour says $want"
	fi
	last=$line
done <"$TMP/tour"

# What the tour left behind.
run cm show 1 --format json
out=$(printf '%s\n' "$out" | grep -E '"(state|outcome)"')
expect_out <<'X'
  "state": "closed",
  "outcome": "training",
X
checks=$((checks + 1))
[ -s lea-dupont.json ] && [ -s rejects.csv ] && [ -s reports.html ] && [ -s plan-1.html ] ||
	fail "the tour's files are missing"
# cm(1) points to every other manual page.
for page in "$SOURCE_DIR"/man/cm-*.scd; do
	name=$(basename "$page" .scd)
	checks=$((checks + 1))
	grep -q "\*${name%.*}\*(${name##*.})" "$SOURCE_DIR/man/cm.1.scd" ||
		fail "cm(1) SEE ALSO does not list ${name%.*}(${name##*.})"
done
finish
