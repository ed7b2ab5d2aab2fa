#!/bin/sh
# The HTML pages in a real browser: Debian's chromium, headless, renders each
# page of the fixed dataset to a PNG screenshot and to an A4 PDF. Checks that
# both are produced, the PDF's page count, and, from chromium's network log,
# that no request left the page (a control page that does load an image must
# be caught, so the check is known to work). Skips (exit 77) only when
# chromium or pdfinfo is not installed; scripts/test installs both.
#
# KEEP=DIR keeps the pages, screenshots and PDFs in DIR to look at.
. "$TESTS_DIR/lib/cli.sh"

for tool in chromium pdfinfo python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "skipped: $tool is not installed (Debian packages chromium, poppler-utils)" >&2
		exit 77
	fi
done

. "$TESTS_DIR/fixtures/html/dataset.sh"
. "$TESTS_DIR/fixtures/html/plan.sh"
OUT=${KEEP:-$TMP/pages}
mkdir -p "$OUT"

run cm report all --format html --min-cell 1 -o "$OUT/report-all.html"
expect_code 0
run cm report all --format html -o "$OUT/report-all-suppressed.html"
expect_code 0
run cm report caseload --format html --min-cell 1 -o "$OUT/report-caseload.html"
expect_code 0
run cm plan 14 show --format html -o "$OUT/plan.html"
expect_code 0
run cm refer --packet 7 --format html -o "$OUT/packet.html"
expect_code 0

# A page that asks for an image over the network: the check must see it.
cat >"$OUT/control.html" <<'X'
<!DOCTYPE html><html><head><title>control</title></head>
<body><p>control</p><img src="http://192.0.2.1/x.png" alt=""></body></html>
X

# browse PAGE: screenshot, PDF and network log of PAGE in $OUT.
browse()
{
	local page=$OUT/$1 base=$OUT/${1%.html} profile
	profile=$(mktemp -d)
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --host-resolver-rules="MAP * ~NOTFOUND" \
		--log-net-log="$base.netlog.json" --window-size=900,1200 --hide-scrollbars \
		--screenshot="$base.png" "file://$page" >"$base.chromium.log" 2>&1
	rm -rf "$profile"
	profile=$(mktemp -d)
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --host-resolver-rules="MAP * ~NOTFOUND" \
		--log-net-log="$base.print.netlog.json" --no-pdf-header-footer \
		--print-to-pdf="$base.pdf" "file://$page" >>"$base.chromium.log" 2>&1
	rm -rf "$profile"
}

# page_requests BASE: the URLs the page itself asked for (the browser's own
# background requests are not the page's: they have no file:// origin).
page_requests()
{
	cat "$1.netlog.json" "$1.print.netlog.json" | python3 -c '
import json, sys
text = sys.stdin.read()
dec = json.JSONDecoder()
i = 0
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    log, i = dec.raw_decode(text, i)
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    for e in log.get("events", []):
        p = e.get("params", {})
        if names.get(e["type"]) == "URL_REQUEST_START_JOB" and (
                "file://" in p.get("network_isolation_key", "") or
                p.get("initiator") in ("null", "file://")):
            print(p["url"])
'
}

# expect_rendered PAGE PDF_PAGES
expect_rendered()
{
	local base=$OUT/${1%.html} pages
	current="chromium $1"
	browse "$1"
	checks=$((checks + 1))
	[ -s "$base.png" ] && [ "$(head -c 8 "$base.png" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] ||
		fail "no PNG screenshot of $1: $(tail -3 "$base.chromium.log")"
	checks=$((checks + 1))
	pages=$(pdfinfo "$base.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	[ "$pages" = "$2" ] || fail "$1 prints on ${pages:-no} A4 pages, expected $2"
	checks=$((checks + 1))
	pdfinfo "$base.pdf" 2>/dev/null | grep -q '^Page size: .* pts (A4)$' ||
		fail "$1 does not print on A4"
	checks=$((checks + 1))
	page_requests "$base" >"$base.requests"
	[ ! -s "$base.requests" ] || fail "$1 made requests: $(cat "$base.requests")"
}

expect_rendered report-all.html 3
expect_rendered report-all-suppressed.html 4
expect_rendered report-caseload.html 1
expect_rendered plan.html 1
expect_rendered packet.html 1

current="chromium control.html"
browse control.html
checks=$((checks + 1))
page_requests "$OUT/control" >"$OUT/control.requests"
grep -qx 'http://192.0.2.1/x.png' "$OUT/control.requests" ||
	fail "the network check did not see the control page's request"

finish
