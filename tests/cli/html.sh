#!/bin/sh
# The HTML pages: the report page (one report, and every report on one page),
# the plan for signature and the referral packet, each compared whole with
# its golden file in tests/fixtures/html/; no script in any page; every
# inline <svg> well-formed XML; withheld cells drawn as one placeholder;
# refused inputs that write nothing. UPDATE_GOLDEN=1 rewrites the golden
# files from the current output instead of comparing.
. "$TESTS_DIR/lib/cli.sh"
. "$TESTS_DIR/fixtures/html/dataset.sh"
. "$TESTS_DIR/fixtures/html/plan.sh"
GOLDEN=$TESTS_DIR/fixtures/html

# compare NAME FILE: FILE is the golden file NAME, byte for byte.
compare()
{
	checks=$((checks + 1))
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cat "$2" >"$GOLDEN/$1"
	elif ! cmp -s "$GOLDEN/$1" "$2"; then
		fail "$1 differs from its golden file"
		diff -u "$GOLDEN/$1" "$2" >&2
	fi
}

# ---- golden pages ----
run cm report all --format html --min-cell 1 -o "$TMP/all.html"
expect_code 0
expect_no_out
compare report-all.html "$TMP/all.html"
checks=$((checks + 1))
[ "$(stat -c %a "$TMP/all.html")" = 600 ] || fail "-o FILE is not created 0600"

run cm report caseload --format html --programme test-small --team north
expect_code 0
printf '%s\n' "$out" >"$TMP/caseload.html"
compare report-caseload.html "$TMP/caseload.html"

run cm report all --format html --by worker
expect_code 0
printf '%s\n' "$out" >"$TMP/by-worker.html"
compare report-all-by-worker.html "$TMP/by-worker.html"

run cm plan 14 show --format html -o "$TMP/plan.html"
expect_code 0
expect_no_out
compare plan.html "$TMP/plan.html"

audit_before=$(db_sql "SELECT count(*) FROM audit")
run cm refer --packet 7 --format html -o "$TMP/packet.html"
expect_code 0
compare packet.html "$TMP/packet.html"
# Printing the packet is a disclosure, audited as the JSON packet is.
checks=$((checks + 1))
[ "$(db_sql "SELECT count(*) FROM audit")" = $((audit_before + 1)) ] ||
	fail "the html packet is not audited"
run cm refer --packet 7 --format json
expect_code 0
for f in first_name last_name birth_date; do
	checks=$((checks + 1))
	v=$(printf '%s\n' "$out" | sed -n "s/^  \"$f\": \"\\(.*\\)\",*$/\\1/p")
	grep -q "<dd>$v</dd>" "$TMP/packet.html" || fail "the packet page lacks $f ($v)"
done
checks=$((checks + 1))
grep -q 'Phone\|E-mail\|Postcode' "$TMP/packet.html" && fail "the packet page shows a field not shared"

# ---- suppression: a withheld cell is the one placeholder, never a bar ----
# bars PAGE: "LABEL value|withheld" for each bar of each chart of PAGE.
bars()
{
	sed -n 's/^<text x="[0-9.]*" y="[0-9.]*" text-anchor="end">\(.*\)<\/text>$/\1/p;
		s/^<rect class="\(value\|withheld\)[" ].*/\1/p' "$1" | paste -d ' ' - -
}
# Youth Guarantee at --min-cell 2 withholds some indicators and not others:
# the chart has a placeholder exactly where the records say "withheld".
run cm report youth-guarantee --format json --min-cell 2
expect_code 0
printf '%s\n' "$out" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    print(r["measure"], "withheld" if r.get("cases_suppressed") else "value")' >"$TMP/want-bars"
run cm report youth-guarantee --format html --min-cell 2
expect_code 0
printf '%s\n' "$out" >"$TMP/youth.html"
compare report-youth-suppressed.html "$TMP/youth.html"
bars "$TMP/youth.html" >"$TMP/got-bars"
checks=$((checks + 1))
grep -q withheld "$TMP/want-bars" && grep -q value "$TMP/want-bars" ||
	fail "the youth-guarantee records should mix withheld and shown cells"
checks=$((checks + 1))
cmp -s "$TMP/want-bars" "$TMP/got-bars" ||
	{ fail "placeholders are not where the records withhold"; diff -u "$TMP/want-bars" "$TMP/got-bars" >&2; }
# Over the page of every report at the default threshold: placeholders all
# of one size, and no bar for a withheld cell.
run cm report all --format html
expect_code 0
printf '%s\n' "$out" >"$TMP/default.html"
checks=$((checks + 1))
shapes=$(grep -o '<rect class="withheld" x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*"' \
	"$TMP/default.html" | sed 's/ y="[^"]*"//' | sort -u)
[ -n "$shapes" ] && [ "$(printf '%s\n' "$shapes" | wc -l)" = 1 ] || fail "placeholders differ: $shapes"
checks=$((checks + 1))
bars "$TMP/default.html" | grep -q ' withheld$' || fail "no placeholder at the default threshold"
# With every count withheld, a bar is drawn only for a zero, at length 0.
run cm report youth-guarantee --format html --min-cell 1000
expect_code 0
checks=$((checks + 1))
printf '%s\n' "$out" | grep '<rect class="value' | grep -qv 'width="0"' &&
	fail "a bar encodes a withheld count at --min-cell 1000"

# A figure that does not exist (null: no job seekers yet) is neither a bar
# nor a placeholder; the cap is still marked.
run cm report quota --format html --to 2024-01-31 --min-cell 1
expect_code 0
printf '%s\n' "$out" >"$TMP/quota-empty.html"
checks=$((checks + 1))
grep -Eq '<rect class="(value|withheld)' "$TMP/quota-empty.html" &&
	fail "a share that does not exist is drawn"
checks=$((checks + 1))
[ "$(grep -c '<rect class="reference"' "$TMP/quota-empty.html")" = 2 ] ||
	fail "the caps are not marked when there is no share"
run sed -n 's/^<text x="[0-9.]*" y="[0-9.]*" text-anchor="start">\(.*\)<\/text>$/\1/p' \
	"$TMP/quota-empty.html"
expect_out <<'X'
-
-
X

# ---- every page: no script, a CSP allowing nothing, well-formed SVG ----
pages="all.html caseload.html by-worker.html plan.html packet.html youth.html"
for p in $pages; do
	checks=$((checks + 1))
	grep -qi '<script' "$TMP/$p" && fail "$p has a script"
	checks=$((checks + 1))
	grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">" \
		"$TMP/$p" || fail "$p lacks its Content-Security-Policy"
	checks=$((checks + 1))
	grep -Eqi '(src|href)=|url\([^#]|@import' "$TMP/$p" && fail "$p refers to another file"
done
# Each <svg>...</svg> of the report pages, alone, through xmllint.
nsvg=0
for p in all.html caseload.html by-worker.html youth.html; do
	awk -v dir="$TMP" -v page="$p" '
		/<svg / { n++; file = dir "/" page "." n ".svg" }
		file { print > file }
		/<\/svg>/ { close(file); file = "" }' "$TMP/$p"
	for s in "$TMP/$p".*.svg; do
		nsvg=$((nsvg + 1))
		checks=$((checks + 1))
		xmllint --noout "$s" 2>"$TMP/xmllint.err" ||
			fail "$s is not well-formed: $(cat "$TMP/xmllint.err")"
	done
done
checks=$((checks + 1))
[ "$nsvg" = 17 ] || fail "$nsvg charts checked, expected 17"

# ---- the weekly mail: the text report, and the page attached ----
mkdir "$TMP/bin"
cat >"$TMP/bin/sendmail" <<'X'
#!/bin/sh
[ "$1" = -t ] || exit 64
cat >"$TMP/mail"
X
chmod +x "$TMP/bin/sendmail"
PATH="$TMP/bin:$PATH" TMP=$TMP MANAGER=lead@example.org run sh "$SOURCE_DIR/scripts/cron/weekly-report"
expect_code 0
boundary=$(sed -n 's/^Content-Type: multipart\/mixed; boundary="\(.*\)"$/\1/p' "$TMP/mail")
# Its structure: headers, the two parts' headers, the boundaries, in order.
run grep -E '^(To|Subject|MIME-Version|Content-[A-Za-z-]+): |^--' "$TMP/mail"
expect_out <<X
To: lead@example.org
Subject: cm: weekly caseload report
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="$boundary"
--$boundary
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
--$boundary
Content-Type: text/html; charset=utf-8
Content-Disposition: attachment; filename="cm-reports-2026-02.html"
Content-Transfer-Encoding: base64
--$boundary--
X
checks=$((checks + 1))
case $boundary in cm-weekly-*) ;; *) fail "no boundary in the weekly mail" ;; esac
# The attachment is exactly the page of every report.
sed -n '/^Content-Transfer-Encoding: base64$/,/^--/p' "$TMP/mail" | sed '1,2d;$d' |
	base64 -d >"$TMP/attached.html"
"$CM" report all --format html >"$TMP/page.html"
checks=$((checks + 1))
cmp -s "$TMP/page.html" "$TMP/attached.html" || fail "the attachment is not cm report all --format html"
# The text part is the text report.
checks=$((checks + 1))
grep -qxF "$("$CM" report caseload | head -n 1)" "$TMP/mail" ||
	fail "the text part lacks the caseload report"

# ---- refused inputs write nothing ----
expect_unchanged 2 cm report nosuch --format html -o "$TMP/none.html"
expect_err <<'X'
cm: error: unknown report 'nosuch' (caseload, outcomes, durations, youth-guarantee, quota, referrals, contacts)
X
checks=$((checks + 1))
[ -e "$TMP/none.html" ] && fail "a failed page left a file"
run cm report quota --format html --programme test-small
expect_code 2
expect_no_out
expect_err <<'X'
cm: error: report 'quota' is about programme be-trajet-specifique only
X
run cm report caseload -o "$TMP/none.html"
expect_code 2
expect_err <<'X'
cm: error: -o goes with --format html
X
run cm report caseload --format xml
expect_code 2
expect_err <<'X'
cm: error: --format: unknown format 'xml' (text, json, csv, tsv, html)
X
run cm plan 14 goal add "More" --format html
expect_code 2
expect_err <<'X'
cm: error: --format html and -o go with 'cm plan CASE show'
X
run cm plan 99 show --format html -o "$TMP/none.html"
expect_code 1
checks=$((checks + 1))
[ -e "$TMP/none.html" ] && fail "a failed plan page left a file"
run cm refer 14 --format html
expect_code 2
expect_err <<'X'
cm: error: --format html goes with --packet
X
run cm refer --packet 7 --format csv
expect_code 2
expect_err <<'X'
cm: error: --packet prints JSON or html only
X
# A closed referral's packet is refused in html as in JSON, and not audited.
run cm refer --packet 1 --format html
expect_code 1
expect_no_out
expect_err <<'X'
cm: error: referral 1 is completed; its packet is printed only while the referral is open
X
# A referral that shares nothing: its page says so and needs no consent to share.
run cm refer 14 --partner 1 --reason "information session" --share none
expect_code 0
run cm refer --packet "$out" --format html
expect_code 0
checks=$((checks + 1))
printf '%s\n' "$out" | grep -qx '<p>No personal data is shared with this referral.</p>' ||
	fail "a packet sharing nothing does not say so"
checks=$((checks + 1))
printf '%s\n' "$out" | grep -q 'consented' && fail "a packet sharing nothing cites a consent"
# Once sharing consent is withdrawn, the page of a packet that shares data is refused.
run cm consent 14 withdraw share-partners
expect_code 0
expect_unchanged 1 cm refer --packet 7 --format html -o "$TMP/none.html"
expect_err <<'X'
cm: error: case 14 has withdrawn consent to share data with partners; referral 7's packet cannot be printed
X
checks=$((checks + 1))
[ -e "$TMP/none.html" ] && fail "a refused packet page left a file"

finish
