#!/bin/sh
# Two overlapping cron runs of cm remind and a caseworker recording contacts
# at the same time: every run either succeeds or exits 75 with one clean
# line, nothing is half-written, and the audit chain stays intact.
. "$TESTS_DIR/lib/cli.sh"

run cm init
i=1
while [ $i -le 40 ]; do
	CM_TODAY=2026-01-0$((i % 9 + 1)) "$CM" intake --first-name "P$i" --last-name Busy \
		--worker "w$((i % 3))" >/dev/null || fail "intake $i"
	i=$((i + 1))
done
# One millisecond: the runs really collide, and must still end cleanly.
export CM_BUSY_TIMEOUT=1

# remind_loop NAME: 15 runs of remind --all, each exit code on a line.
remind_loop()
{
	local k=0
	while [ $k -lt 15 ]; do
		"$CM" remind --all --within 30 --format csv >"$TMP/$1.$k.out" 2>"$TMP/$1.$k.err" </dev/null
		echo $? >>"$TMP/$1.codes"
		k=$((k + 1))
	done
}

write_loop()
{
	local k=0
	while [ $k -lt 30 ]; do
		"$CM" contact $((k % 40 + 1)) --channel phone --duration 15 >/dev/null \
			2>"$TMP/write.$k.err" </dev/null
		echo $? >>"$TMP/write.codes"
		k=$((k + 1))
	done
}

remind_loop a & pa=$!
remind_loop b & pb=$!
write_loop & pw=$!
wait $pa $pb $pw

busy="cm: error: database '$CM_DB' is busy; try again later"
for f in "$TMP"/a.codes "$TMP"/b.codes "$TMP"/write.codes; do
	checks=$((checks + 1))
	bad=$(grep -v -x -e 0 -e 75 "$f")
	[ -z "$bad" ] || fail "$(basename "$f"): exit codes other than 0 and 75: $bad"
done
checks=$((checks + 1))
[ "$(cat "$TMP"/a.codes "$TMP"/b.codes | wc -l)" -eq 30 ] || fail "not every remind run finished"
# A refused run says only that the database is busy; a finished run printed
# a whole list (the header, then one complete row per item, each with 7 fields).
for e in "$TMP"/a.*.err "$TMP"/b.*.err "$TMP"/write.*.err; do
	[ -s "$e" ] || continue
	checks=$((checks + 1))
	[ "$(cat "$e")" = "$busy" ] || fail "unexpected error: $(cat "$e")"
done
for o in "$TMP"/a.*.out "$TMP"/b.*.out; do
	[ -s "$o" ] || continue
	checks=$((checks + 1))
	head -n 1 "$o" | grep -q -x 'case,worker,person,kind,due,overdue_days,what' ||
		fail "$(basename "$o") lacks its header"
	checks=$((checks + 1))
	[ -z "$(tail -n +2 "$o" | awk -F, 'NF != 7')" ] || fail "$(basename "$o") has a broken row"
done
# Every contact that succeeded is there once, and the audit chain holds.
ok_writes=$(grep -c -x 0 "$TMP/write.codes")
run db_sql "SELECT count(*) FROM contact"
checks=$((checks + 1))
[ "$out" = "$ok_writes" ] || fail "$out contacts recorded, $ok_writes reported"
unset CM_BUSY_TIMEOUT
run cm audit --verify
expect_code 0

finish
