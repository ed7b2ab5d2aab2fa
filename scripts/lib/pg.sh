# A throw-away PostgreSQL cluster for the tests: initdb into a temporary
# directory as an unprivileged system user, a Unix socket in that directory
# and no TCP listener. Source this file, then:
#   cm_pg_start     sets CM_PG_DIR (the socket directory) and CM_PG_BIN
#   cm_pg_stop      stops the server and removes the directory

# Run a command as the cluster's owner (root cannot run a server).
cm_pg_as_owner()
{
	if [ "$(id -u)" -eq 0 ]; then
		su -s /bin/sh "$CM_PG_USER" -c "$*"
	else
		sh -c "$*"
	fi
}

cm_pg_start()
{
	CM_PG_BIN=${CM_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
	[ -x "$CM_PG_BIN/initdb" ] || { echo "no PostgreSQL server (initdb) installed" >&2; return 1; }
	CM_PG_USER=$(id -un)
	if [ "$(id -u)" -eq 0 ]; then
		CM_PG_USER=postgres
		id "$CM_PG_USER" >/dev/null 2>&1 || CM_PG_USER=nobody
	fi
	CM_PG_DIR=$(mktemp -d /tmp/cm-pg.XXXXXX)
	chmod 755 "$CM_PG_DIR"
	[ "$(id -u)" -eq 0 ] && chown "$CM_PG_USER" "$CM_PG_DIR"
	cm_pg_as_owner "'$CM_PG_BIN/initdb' -D '$CM_PG_DIR/data' -U cm --auth=trust \
		--encoding=UTF8 --locale=C >'$CM_PG_DIR/initdb.log' 2>&1" ||
		{ cat "$CM_PG_DIR/initdb.log" >&2; return 1; }
	cm_pg_as_owner "'$CM_PG_BIN/pg_ctl' -D '$CM_PG_DIR/data' -l '$CM_PG_DIR/server.log' -w \
		-o \"-c listen_addresses='' -c unix_socket_directories='$CM_PG_DIR' -c fsync=off \
		-c synchronous_commit=off -c full_page_writes=off -c max_connections=50\" start \
		>/dev/null" || { cat "$CM_PG_DIR/server.log" >&2; return 1; }
	chmod 777 "$CM_PG_DIR"
	export CM_PG_DIR CM_PG_BIN CM_PG_USER
}

cm_pg_stop()
{
	[ -n "${CM_PG_DIR:-}" ] && [ -d "$CM_PG_DIR" ] || return 0
	cm_pg_as_owner "'$CM_PG_BIN/pg_ctl' -D '$CM_PG_DIR/data' -m immediate stop >/dev/null 2>&1"
	rm -rf "$CM_PG_DIR"
	CM_PG_DIR=
}
