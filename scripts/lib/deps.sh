# Install the Debian packages cm needs, when some are missing (as root).
CM_PACKAGES="build-essential meson ninja-build pkg-config libsqlite3-dev sqlite3 \
libcsv-dev libcjson-dev libcriterion-dev nettle-dev scdoc bash-completion time python3 gettext strace \
chromium fonts-dejavu-core poppler-utils libxml2-utils"
# The PostgreSQL server and client library, for scripts/test --postgresql.
CM_PG_PACKAGES="postgresql-15 libpq-dev"

cm_install_deps()
{
	local missing="" p
	for p in $CM_PACKAGES ${CM_EXTRA_PACKAGES:-}; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "installing:$missing" >&2
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing Debian packages:$missing (run as root, or install them)" >&2
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 &&
		apt-get install -y -qq --no-install-recommends $missing >&2
}
