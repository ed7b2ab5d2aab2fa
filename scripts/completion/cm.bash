# bash completion for cm: commands from `cm --list-commands`, options from
# `cm --list-options COMMAND`, so the command table is the only list to keep.
# Values from `cm --list-values OPTION COMMAND`, the tables cm checks against.
# Complete the last item of a comma-separated list of the values $1.
_cm_values()
{
	local head= last=$cur
	if [[ $cur == *,* ]]; then
		head=${cur%,*},
		last=${cur##*,}
	fi
	COMPREPLY=($(compgen -P "$head" -W "$1" -- "$last"))
}

# The registered workers' logins, from the database.
_cm_workers()
{
	COMPREPLY=($(compgen -W "$(cm worker list --format tsv 2>/dev/null | cut -f1 | tail -n +2)" -- "$cur"))
}

_cm()
{
	local cur prev cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db|--user) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	case $prev in
	--db|--map|--import|--rejects|--output|-o)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--programme)
		COMPREPLY=($(compgen -W "$(cm programme list --format tsv 2>/dev/null | cut -f1 | tail -n +2)" -- "$cur"))
		return ;;
	--worker)
		_cm_workers
		return ;;
	--from|--to)
		[[ $cmd == assign ]] && _cm_workers
		return ;;
	--*)
		# The values cm itself checks the option against, so they cannot drift.
		local values
		values=$(cm --list-values "${prev#--}" "$cmd" 2>/dev/null)
		if [[ -n $values ]]; then
			case $prev in
			--criteria|--consent|--share) _cm_values "$values" ;;
			*) COMPREPLY=($(compgen -W "$values" -- "$cur")) ;;
			esac
			[[ $values == *= ]] && compopt -o nospace 2>/dev/null
			return
		fi ;;
	esac
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --user --help --version --list-commands" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(cm --list-commands 2>/dev/null)" -- "$cur"))
		fi
		return
	fi
	if [[ $cmd == help ]]; then
		COMPREPLY=($(compgen -W "$(cm --list-commands 2>/dev/null)" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(cm --list-options "$cmd" 2>/dev/null) --help" -- "$cur"))
		return
	fi
	_cm_words "$cmd" "$((COMP_CWORD - i))"
}

# The words a command takes at argument position n: an action right after
# the command (n = 1), or after the CASE (n = 2, 3).
_cm_words()
{
	local words=
	case $1:$2 in
	partner:1) words="add list show edit deactivate" ;;
	worker:1) words="add list show edit deactivate visibility" ;;
	worker:2) [[ ${COMP_WORDS[COMP_CWORD - 1]} == visibility ]] && words="own team" ;;
	programme:1) words="list show add edit" ;;
	db:1) words="check backup migrate copy" ;;
	person:1) words="edit export pseudonymise duplicates link unlink" ;;
	report:1) words="caseload outcomes durations youth-guarantee quota referrals contacts all" ;;
	consent:2) words="give withdraw" ;;
	consent:3) words="case-management share-partners all" ;;
	plan:2) words="goal action sign show" ;;
	plan:3) words="add edit done drop" ;;
	esac
	[[ -n $words ]] && COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _cm cm
