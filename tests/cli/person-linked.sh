#!/bin/sh
# Linked persons (cm person link A B: two records of one person): exporting
# either includes the other's records, marked as linked; each reading is in
# the access log of its own person, and the access log of either shows
# both; the audit log records both exports. Unlinking ends it.
. "$TESTS_DIR/lib/cli.sh"

run cm init
run cm intake --first-name Zoé --last-name Müller --birth-date 1990-01-01 --ext-id FO-1 \
	--source forem
run cm intake --first-name Zoe --last-name Muller --birth-date 1990-01-01 --new-person
run cm contact 2 --channel phone --duration 10 --note "seen at the other office"
run cm person link 1 2 --reason "one person, two offices"

run cm person export 1
expect_code 0
printf '%s\n' "$out" >"$TMP/export1"
# The linked person's document, marked, with their own records.
run sh -c "sed -n '/^  \"linked_persons\"/,\$p' '$TMP/export1' |
	grep -E '^  \"linked_persons\"|^      \"(linked_to|person|cases|contact)\"|^        \"(id|first_name|last_name)\"|\"note\"'"
expect_out <<'X'
  "linked_persons": [
      "linked_to": 1,
      "person": {
        "id": 2,
        "first_name": "Zoe",
        "last_name": "Muller",
      "cases": [
      "contact": [
          "note": "seen at the other office",
X
# Before it, the person's own document is theirs alone.
run sh -c "sed '/^  \"linked_persons\"/,\$d' '$TMP/export1' | grep -c 'seen at the other office'"
expect_out <<'X'
0
X

# Each reading is logged under its person; either person's log shows both.
run cm audit --access --person 1 --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f6,7 | grep '^person'" _ "$out"
expect_out <<'X'
person,1
person,2
X
run cm audit --access --person 2 --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f6,7 | grep '^person'" _ "$out"
expect_out <<'X'
person,1
person,2
X
# Both exports are in the audit log.
run cm audit --format csv
run sh -c "printf '%s\n' \"\$1\" | grep -o 'person [0-9] exported[^,]*'" _ "$out"
expect_out <<'X'
person 1 exported (right of access)
person 2 exported as linked to person 1 (right of access)
X

# The other way round, and after unlinking: no one else.
run cm person export 2
run sh -c "printf '%s\n' \"\$1\" | grep -E '^      \"linked_to\"|^        \"first_name\"'" _ "$out"
expect_out <<'X'
      "linked_to": 2,
        "first_name": "Zoé",
X
run cm person unlink 1 2
run cm person export 1
run sh -c "printf '%s\n' \"\$1\" | grep '\"linked_persons\"'" _ "$out"
expect_out <<'X'
  "linked_persons": []
X
run cm audit --access --person 1 --format csv
run sh -c "printf '%s\n' \"\$1\" | cut -d, -f6,7 | grep -c ',2$'" _ "$out"
expect_out <<'X'
0
X

# The audit log in French: linking, the linked export and unlinking read as sentences.
run env -u LC_ALL LANGUAGE=fr LANG=C.UTF-8 "$CM" audit
run sh -c "printf '%s\n' \"\$1\" | grep -oE 'personnes? [0-9] (et|exportée).*'" _ "$out"
expect_out <<'X'
personnes 1 et 2 liées : une seule personne
personne 1 exportée (droit d'accès)
personne 2 exportée comme liée à la personne 1 (droit d'accès)
personne 2 exportée (droit d'accès)
personne 1 exportée comme liée à la personne 2 (droit d'accès)
personnes 1 et 2 déliées : deux personnes
personne 1 exportée (droit d'accès)
X

# Links are followed through: 1 with 2 and 2 with 3 make one person of three.
run cm intake --first-name Zoe --last-name Muller-Weber --birth-date 1990-04-02 --new-person
run cm person link 1 2
run cm person link 2 3
run cm person export 1
run sh -c "printf '%s\n' \"\$1\" | grep -E '^      \"linked_to\"|^        \"last_name\"'" _ "$out"
expect_out <<'X'
      "linked_to": 1,
        "last_name": "Muller",
      "linked_to": 1,
        "last_name": "Muller-Weber",
X
run cm show 3
run sh -c "printf '%s\n' \"\$1\" | grep -i 'linked'" _ "$out"
expect_out <<'X'
linked_persons:      1,2
X

finish
