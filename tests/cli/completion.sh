#!/bin/sh
# Bash completion offers every option of every command, and after each
# option exactly the values cm checks it against (cm --list-values, from
# the code's own tables; the database's programmes and workers), with the
# meaning the option has in that command.
. "$TESTS_DIR/lib/cli.sh"

command -v bash >/dev/null || { echo "no bash: skipped"; exit 77; }
mkdir -p "$TMP/bin"
ln -s "$CM" "$TMP/bin/cm"

# complete WORD...: what the script offers for the last word, one a line.
complete_words()
{
	bash -c '. "$1"; PATH="$2:$PATH"; shift 2
		COMP_WORDS=(cm "$@"); COMP_CWORD=$#; _cm; printf "%s\n" "${COMPREPLY[@]}"' _ \
		"$SOURCE_DIR/scripts/completion/cm.bash" "$TMP/bin" "$@"
}

run cm init
run cm worker add zoe --name Zoé

for c in $("$CM" --list-commands); do
	for opt in $("$CM" --list-options "$c"); do
		# The option itself.
		run complete_words "$c" "$opt"
		current="complete cm $c $opt"
		checks=$((checks + 1))
		printf '%s\n' "$out" | grep -qx -- "$opt" || fail "$opt is not offered"
		# Its values.
		case $opt in
		--db | --map | --import | --rejects | --output) continue ;;
		--programme) want=$("$CM" programme list --format tsv | cut -f 1 | tail -n +2) ;;
		--worker) want=$("$CM" worker list --format tsv | cut -f 1 | tail -n +2) ;;
		--from | --to) [ "$c" = assign ] || continue
			want=$("$CM" worker list --format tsv | cut -f 1 | tail -n +2) ;;
		*) want=$("$CM" --list-values "${opt#--}" "$c")
			[ -n "$want" ] || continue ;;
		esac
		run complete_words "$c" "$opt" ""
		current="complete cm $c $opt ''"
		checks=$((checks + 1))
		[ "$out" = "$want" ] || fail "offers '$(echo $out)', not '$(echo $want)'"
	done
done

# What the first release got wrong or left out.
run cm --list-values by report
expect_out <<'X'
worker
programme
month
X
run cm --list-values by plan
expect_out <<'X'
client
worker
X
run cm --list-values kind offer
expect_out <<'X'
job
education
apprenticeship
traineeship
X
run cm --list-values kind contact
expect_out <<'X'
interview
case-conference
no-show
X
run cm --list-values format report
expect_out <<'X'
text
json
csv
tsv
html
X
run cm --list-values note contact
expect_no_out
# A list-valued option completes its last item.
run complete_words intake --criteria complex,se
expect_out <<'X'
complex,self-management
X
run complete_words refer 1 --share first_name,no
expect_out <<'X'
first_name,none
X
run complete_words assess 1 --domain hou
expect_out <<'X'
housing=
X

finish
