# bash completion for cm: commands from `cm --list-commands`, options from
# `cm --list-options COMMAND`, so the command table is the only list to keep.
# Complete the last item of a comma-separated list of OPTION's values.
_cm_values()
{
	local head= last=$cur
	if [[ $cur == *,* ]]; then
		head=${cur%,*},
		last=${cur##*,}
	fi
	COMPREPLY=($(compgen -P "$head" -W "$(cm --list-values "$1" 2>/dev/null)" -- "$last"))
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
	--format)
		case $cmd in
		report|plan|refer) COMPREPLY=($(compgen -W "text json csv tsv html" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text json csv tsv" -- "$cur")) ;;
		esac
		return ;;
	--by)
		COMPREPLY=($(compgen -W "client worker" -- "$cur"))
		return ;;
	# The values cm itself checks against (cm --list-values), so they cannot drift.
	--state|--sort|--criteria|--consent|--channel)
		_cm_values "${prev#--}"
		return ;;
	--kind)
		[[ $cmd == contact ]] && _cm_values kind
		return ;;
	--programme)
		COMPREPLY=($(compgen -W "$(cm programme list --format tsv 2>/dev/null | cut -f1 | tail -n +2)" -- "$cur"))
		return ;;
	--status)
		COMPREPLY=($(compgen -W "accepted declined started completed no-show cancelled" -- "$cur"))
		return ;;
	--outcome|--situation)
		COMPREPLY=($(compgen -W "employment subsidised-employment self-employment apprenticeship training education other-service moved declined lost-contact deceased other" -- "$cur"))
		[[ $prev == --situation ]] && COMPREPLY+=($(compgen -W "unemployed inactive unknown" -- "$cur"))
		return ;;
	--follow-up)
		COMPREPLY=($(compgen -W "6 12 18" -- "$cur"))
		return ;;
	--role)
		COMPREPLY=($(compgen -W "worker manager admin" -- "$cur"))
		return ;;
	--owner)
		COMPREPLY=($(compgen -W "client worker partner:" -- "$cur"))
		return ;;
	--domain)
		# cm assess scores DOMAIN=SCORE; cm partner takes a network domain.
		if [[ $cmd == partner ]]; then
			COMPREPLY=($(compgen -W "employment training education health mental-health housing debt childcare family youth disability migration justice addiction seniors social-assistance other" -- "$cur"))
			return
		fi
		[[ $cmd == assess ]] || return
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -W "education= work-history= health= mental-health= housing= debts= family= mobility= language= justice= addiction= digital=" -- "$cur"))
		return ;;
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
	db:1) words="check backup migrate" ;;
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
