#!/bin/sh
# The engine layer: only lib/db/ (the drivers and the engine's bulk-load
# path) names a database engine's C interface; every other source file goes
# through lib/db/db.h.
. "$TESTS_DIR/lib/cli.sh"

# Engine headers and calls (sqlite3_*, PQ*) anywhere but lib/db/.
current="grep for engine calls outside lib/db/"
checks=$((checks + 1))
found=$(cd "$SOURCE_DIR" && grep -nE '#include[[:space:]]*[<"](sqlite3|libpq-fe)\.h|\bsqlite3_[a-z0-9_]+|\bPQ[a-z][A-Za-z]*[[:space:]]*\(' \
	lib/*.c lib/*.h lib/*/*.c lib/*/*.h cmd/*.c cmd/*.h cmd/*/*.c cmd/*/*.h include/cm/*.h 2>/dev/null |
	grep -v '^lib/db/')
[ -z "$found" ] || fail "engine calls outside lib/db/:
$found"

finish
