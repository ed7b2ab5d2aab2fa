#!/bin/sh
# Kill every writing command at many points and check that the database is
# never damaged nor half-changed: after each kill SQLite's integrity check
# passes, `cm audit --verify` passes, and the dump of every table equals the
# dump before the command or the dump after it.
#
# Kill points, for each command:
#   - SIGKILL at the Nth pwrite64 or fdatasync (strace's fault injection);
#   - EIO from the Nth pwrite64: the command must fail cleanly or succeed;
#   - SIGKILL after a random delay.
#
#   CRASH_POINTS=N   points of each kind per command (default 2; scripts/test --crash N)
#   CRASH_SEED=S     the random delays' seed (default 1; printed on failure)
set -u
: "${CM:?CM must name the cm binary}"
: "${BUILD_DIR:?BUILD_DIR must name the build directory}"
POINTS=${CRASH_POINTS:-2}
SEED=${CRASH_SEED:-1}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export CM_USER=alice CM_TODAY=2026-03-15 CM_NOW=2026-03-15T09:00:00Z TZ=UTC LC_ALL=C
export CM_BUSY_TIMEOUT=2000
unset XDG_DATA_HOME

if ! command -v strace >/dev/null || ! strace -o /dev/null true 2>/dev/null; then
	echo "SKIP: strace is missing or cannot trace here"
	exit 77
fi

failures=0 kills=0 consistent=0 lied=0 commands=0

fail()
{
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*" >&2
}

# The canonical dump: schema, then every table's rows in rowid order. The
# system clock (real_at) and the hashes that cover it differ from run to
# run; `cm audit --verify` checks the chain instead.
dump()
{
	sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name" |
	while read -r t; do
		cols=$(sqlite3 "$1" "SELECT group_concat('\"' || name || '\"', ',') FROM
			pragma_table_info('$t') WHERE name NOT IN ('real_at', 'hash')")
		printf "SELECT '== %s'; SELECT %s FROM \"%s\" ORDER BY rowid;\n" "$t" "$cols" "$t"
	done >"$TMP/dump.sql"
	{
		sqlite3 "$1" "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
		sqlite3 "$1" <"$TMP/dump.sql"
	} 2>&1
}

# The database every command starts from; the workers are those the
# generated export names.
base()
{
	export CM_DB="$TMP/base.db"
	"$CM" init >/dev/null &&
	"$CM" partner add "CPAS Ixelles" --domain housing >/dev/null &&
	"$CM" intake --first-name Léa --last-name Dupont --ext-id A1 --source actiris \
		--criteria all --consent all >/dev/null &&
	"$CM" assess 1 --domain housing=3 >/dev/null &&
	"$CM" plan 1 goal add "Find housing" >/dev/null &&
	"$CM" plan 1 action add 1 "Apply" --owner client --due 2026-04-01 >/dev/null &&
	"$CM" intake --first-name Bo --last-name Berg >/dev/null &&
	"$CM" intake --first-name Cy --last-name Closed --criteria all --consent all >/dev/null &&
	"$CM" close 3 --outcome moved --force >/dev/null &&
	"$CM" refer 1 --partner 1 --reason "housing file" --share first_name >/dev/null &&
	"$CM" worker add bob --name "Bob Martin" >/dev/null &&
	"$CM" intake --first-name Di --last-name Paused >/dev/null &&
	"$CM" suspend 4 --reason illness >/dev/null &&
	for w in amartin bdesmet cvanacker dlambert eyilmaz fclaes unassigned; do
		"$CM" worker add $w --name "Worker $w" >/dev/null || return 1
	done
}

# A fresh copy of the base (no -wal: the base was closed cleanly).
copy_base()
{
	rm -f "$TMP/db.db" "$TMP/db.db-wal" "$TMP/db.db-shm" "$TMP"/rejects.csv*
	cp "$TMP/base.db" "$TMP/db.db"
}

# Check the database after a run that ended with status $1.
check_after()
{
	local code=$1 what=$2 d
	kills=$((kills + 1))
	if [ ! -e "$TMP/db.db" ]; then
		fail "$what: the database is gone"
		return
	fi
	if [ "$(sqlite3 "$TMP/db.db" 'PRAGMA integrity_check' 2>&1)" != ok ]; then
		fail "$what: integrity check fails"
		return
	fi
	if ! CM_DB="$TMP/db.db" "$CM" audit --verify >/dev/null 2>"$TMP/verify"; then
		fail "$what: audit --verify: $(cat "$TMP/verify")"
		return
	fi
	d=$(dump "$TMP/db.db")
	if [ "$d" = "$before" ]; then
		consistent=$((consistent + 1))
	elif [ "$d" = "$after" ]; then
		consistent=$((consistent + 1))
		# Committed, yet it said it failed: a retrying script would do it twice.
		case $code in 0|3|137) ;; *) lied=$((lied + 1)) ;; esac
	else
		fail "$what: the database is neither as before nor as after"
		printf '%s\n' "$before" >"$TMP/want"
		printf '%s\n' "$d" >"$TMP/got"
		diff "$TMP/want" "$TMP/got" | head -20 >&2
	fi
}

# How many times the command calls syscall $2 when left alone.
count_calls()
{
	copy_base
	CM_DB="$TMP/db.db" strace -f -o "$TMP/trace" -e trace="$2" sh -c "$1" >/dev/null 2>&1
	grep -c "$2(" "$TMP/trace"
}

# POINTS values spread over 1..$1.
spread()
{
	awk -v n="$1" -v k="$POINTS" 'BEGIN {
		if (n < 1) exit
		if (k >= n) { for (i = 1; i <= n; i++) print i; exit }
		for (i = 0; i < k; i++) print int(1 + i * (n - 1) / (k - 1 > 0 ? k - 1 : 1))
	}' | sort -un
}

crash_command()
{
	local cmd=$1 n at calls delay code
	commands=$((commands + 1))
	copy_base
	before=$(dump "$TMP/db.db")
	CM_DB="$TMP/db.db" sh -c "$cmd" >/dev/null 2>"$TMP/err"
	code=$?
	# 3: done, with rows rejected (an import).
	if [ $code != 0 ] && [ $code != 3 ]; then
		fail "'$cmd' fails on the base database: $(cat "$TMP/err")"
		return
	fi
	after=$(dump "$TMP/db.db")
	[ "$before" != "$after" ] || fail "'$cmd' changes nothing"
	for sc in pwrite64 fdatasync; do
		calls=$(count_calls "$cmd" $sc)
		for at in $(spread "$calls"); do
			copy_base
			CM_DB="$TMP/db.db" strace -f -o /dev/null \
				-e inject=$sc:signal=KILL:when=$at sh -c "$cmd" >/dev/null 2>&1
			check_after 137 "'$cmd' killed at $sc $at of $calls"
		done
	done
	calls=$(count_calls "$cmd" pwrite64)
	for at in $(spread "$calls"); do
		copy_base
		CM_DB="$TMP/db.db" strace -f -o /dev/null \
			-e inject=pwrite64:error=EIO:when=$at sh -c "$cmd" >/dev/null 2>&1
		code=$?
		check_after $code "'$cmd' with EIO at pwrite64 $at of $calls"
	done
	n=0
	while [ $n -lt "$POINTS" ]; do
		delay=$(awk -v s="$SEED" -v c="$commands" -v n="$n" \
			'BEGIN { srand(s * 1000 + c * 10 + n); printf "%.3f", rand() * 0.05 }')
		copy_base
		CM_DB="$TMP/db.db" sh -c "exec $cmd" >/dev/null 2>&1 &
		sleep "$delay"
		kill -KILL $! 2>/dev/null
		wait $! 2>/dev/null
		check_after 137 "'$cmd' killed after ${delay}s"
		n=$((n + 1))
	done
}

# cm init killed anywhere leaves either no database or a whole one.
crash_init()
{
	local calls at
	commands=$((commands + 1))
	rm -rf "$TMP/init" && mkdir "$TMP/init"
	CM_DB="$TMP/init/cm.db" strace -f -o "$TMP/trace" -e trace=pwrite64 "$CM" init >/dev/null 2>&1
	calls=$(grep -c 'pwrite64(' "$TMP/trace")
	for at in $(spread "$calls"); do
		rm -rf "$TMP/init" && mkdir "$TMP/init"
		CM_DB="$TMP/init/cm.db" strace -f -o /dev/null \
			-e inject=pwrite64:signal=KILL:when=$at "$CM" init >/dev/null 2>&1
		kills=$((kills + 1))
		if [ ! -e "$TMP/init/cm.db" ]; then
			consistent=$((consistent + 1))
		elif CM_DB="$TMP/init/cm.db" "$CM" db check >/dev/null 2>&1; then
			consistent=$((consistent + 1))
		else
			fail "cm init killed at pwrite64 $at of $calls left a damaged database"
		fi
	done
}

if ! base 2>"$TMP/err"; then
	echo "FAIL: cannot build the base database: $(cat "$TMP/err")" >&2
	exit 1
fi
"$BUILD_DIR/tests/genexport" --rows 300 --bad-every 50 >"$TMP/export.csv"
# The Belgian mapping; it was called be-pes.json before it was renamed.
for MAP in be-actiris be-pes; do
	MAP=$(cd "$(dirname "$0")/../.." && pwd)/mappings/$MAP.json
	[ -f "$MAP" ] && break
done

while IFS= read -r cmd; do
	case $cmd in ''|'#'*) continue ;; esac
	crash_command "$cmd"
done <<EOF
"$CM" intake --first-name New --last-name Person --ext-id Z9 --source actiris --criteria all --consent all
"$CM" intake --case 2 --criteria all --consent case-management
"$CM" consent 2 give case-management
"$CM" assess 1 --domain debts=2 --strengths motivated
"$CM" plan 1 goal add Training
"$CM" plan 1 action add 1 Call --owner worker --due 2026-04-10
"$CM" plan 1 sign --by client
"$CM" contact 1 --channel phone --duration 30 --note "first call"
"$CM" contact 1 --every 2w
"$CM" partner add "Mission locale" --domain employment
"$CM" refer 1 --partner 1 --reason "second file" --share none
"$CM" refer --update 1 --status accepted --feedback "seen"
"$CM" suspend 1 --reason illness
env CM_TODAY=2026-10-01 CM_NOW=2026-10-01T09:00:00Z "$CM" close 3 --follow-up 6 --situation employment
"$CM" close 3 --reopen --reason back
"$CM" person pseudonymise 3 --reason "retention period over"
"$CM" assign 1 bob --reason holiday
"$CM" person edit 1 --phone 0470 --reason "new number"
"$CM" partner edit 1 --phone 022
"$CM" plan 1 action done 1 --note done
"$CM" resume 4
"$CM" close 1 --outcome training --force
"$CM" worker add dora --name "Dora Claes"
"$CM" intake --import "$TMP/export.csv" --map "$MAP" --rejects "$TMP/rejects.csv"
EOF
crash_init

printf 'crash: %d commands, %d kill points, %d consistent' "$commands" "$kills" "$consistent"
printf ', %d reported failure though committed\n' "$lied"
[ "$failures" -eq 0 ] || { echo "$failures failures (seed $SEED)" >&2; exit 1; }
exit 0
