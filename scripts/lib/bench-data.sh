# The generated database of scripts/bench report, shared by its SQLite and
# PostgreSQL versions. Source this file, then:
#   cm_bench_build CM DB N   a new SQLite database DB of N cases, made by
#                            CM's cm init (the acting user is its first
#                            admin) and filled with SQL
# N cases across 120 registered workers in 12 teams, 5 contacts, half a
# plan action and 0.3 referrals a case; the dates fall around February 2026.

cm_bench_build()
{
	local cm=$1 db=$2 n=$3
	rm -f "$db" "$db-wal" "$db-shm"
	"$cm" --db "$db" init >/dev/null
	# Pseudo-random but fixed values come from multiplying the row number by
	# primes, modulo the range wanted.
	sqlite3 -bail "$db" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -400000;
BEGIN;
CREATE TEMP TABLE n (i INTEGER PRIMARY KEY);
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n)
INSERT INTO n SELECT i FROM s;
INSERT INTO person (id, first_name, last_name, birth_date, registered_on, created_at)
SELECT i, 'F' || i, 'L' || i, date('1962-01-01', '+' || (i * 7919 % 15000) || ' days'),
       CASE WHEN i % 10 < 8 THEN date('2023-01-01', '+' || (i * 104729 % 1150) || ' days') END,
       '2026-01-01T00:00:00Z'
FROM n;
INSERT INTO worker (login, name, team, role, created_on)
SELECT printf('w%03d', i), 'Worker ' || i, printf('t%02d', (i - 1) / 10 + 1), 'worker', '2023-01-01'
FROM n WHERE i <= 120;
INSERT INTO cases (id, person_id, programme, worker, state, state_since, opened_on, closed_on,
                   outcome, plan_version)
SELECT i, i,
       CASE WHEN i % 20 < 4 THEN 'eu-youth-guarantee' WHEN i % 20 < 7 THEN 'be-trajet-specifique'
            WHEN i % 20 < 9 THEN 'ch-cmfp' WHEN i % 20 = 9 THEN 'dg-familles'
            WHEN i % 20 = 10 THEN 'work-accident' ELSE 'be-accompagnement' END,
       printf('w%03d', i % 120 + 1),
       CASE WHEN i % 5 < 2 THEN 'closed' ELSE 'active' END,
       o, o,
       CASE WHEN i % 5 < 2 THEN min(date(o, '+' || (30 + i * 31 % 400) || ' days'), '2026-03-14') END,
       CASE WHEN i % 5 < 2 THEN CASE i * 17 % 12
            WHEN 0 THEN 'employment' WHEN 1 THEN 'subsidised-employment' WHEN 2 THEN 'self-employment'
            WHEN 3 THEN 'apprenticeship' WHEN 4 THEN 'training' WHEN 5 THEN 'education'
            WHEN 6 THEN 'other-service' WHEN 7 THEN 'moved' WHEN 8 THEN 'declined'
            WHEN 9 THEN 'lost-contact' WHEN 10 THEN 'deceased' ELSE 'other' END END,
       1
FROM (SELECT i, date('2023-01-01', '+' || (i * 7 % 1155) || ' days') AS o FROM n);
INSERT INTO contact (case_id, at, channel, kind, duration, recorded_by)
SELECT c.id, date(max(c.opened_on, '2025-01-01'), '+' || (k.j % 60) || ' days') || 'T10:00:00Z',
       'in-person',
       CASE k.j % 10 WHEN 0 THEN 'no-show' WHEN 1 THEN 'case-conference' ELSE 'interview' END,
       CASE WHEN k.j % 10 = 0 THEN NULL ELSE 30 + k.j % 61 END, 'bench'
FROM (SELECT n.i * 5 + r.x AS j, ((n.i * 5 + r.x) * 7 % $n) + 1 AS case_id
      FROM n, (SELECT 0 AS x UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
      UNION ALL SELECT 4) AS r) AS k
JOIN cases c ON c.id = k.case_id;
INSERT INTO goal (id, case_id, number, text, created_on)
SELECT i, (i * 4 % $n) + 1, 1, 'goal', '2025-01-01' FROM n WHERE i <= $n / 4;
INSERT INTO action (case_id, goal_id, number, text, owner, due, status, created_on)
SELECT g.case_id, g.id, x + 1, 'action ' || x, CASE x WHEN 0 THEN 'client' ELSE 'worker' END,
       date('2025-06-01', '+' || ((g.id * 13 + x * 101) % 400) || ' days'),
       CASE WHEN (g.id + x) % 3 = 0 THEN 'done' ELSE 'open' END, '2025-01-01'
FROM goal g, (SELECT 0 AS x UNION ALL SELECT 1);
INSERT INTO partner (id, name, domain)
SELECT i, 'Partner ' || i, 'employment' FROM n WHERE i <= 40;
INSERT INTO referral (id, case_id, partner_id, reason, sent_on, status, status_on, feedback_due,
                      feedback_on)
SELECT i, (i * 13 % $n) + 1, i % 40 + 1, 'bench', s,
       CASE i % 7 WHEN 0 THEN 'sent' WHEN 1 THEN 'accepted' WHEN 2 THEN 'declined'
            WHEN 3 THEN 'started' WHEN 4 THEN 'completed' WHEN 5 THEN 'no-show' ELSE 'cancelled' END,
       s, date(s, '+14 days'),
       CASE WHEN i % 7 <> 0 THEN date(s, '+' || (i * 3 % 30) || ' days') END
FROM (SELECT i, date('2025-01-01', '+' || (i % 425) || ' days') AS s FROM n WHERE i <= $n * 3 / 10);
INSERT INTO referral_status (referral_id, status, on_date)
SELECT id, 'accepted', sent_on FROM referral WHERE status IN ('accepted', 'started', 'completed', 'no-show')
   OR (status = 'cancelled' AND id % 2 = 0);
INSERT INTO plan_signature (case_id, version, role, content_hash, signed_on, signed_by)
SELECT c.id, 1, r.role, 'h', date(c.opened_on, '+' || (c.id % 50 + (r.role = 'worker') * 5) || ' days'), 'bench'
FROM cases c, (SELECT 'client' AS role UNION ALL SELECT 'worker') r WHERE c.id % 5 < 2;
INSERT INTO offer (case_id, kind, on_date, accepted)
SELECT id, 'job', date(opened_on, '+' || (id % 200) || ' days'), id % 3 > 0
FROM cases WHERE programme = 'eu-youth-guarantee' AND id % 2 = 0;
INSERT INTO follow_up (case_id, months, situation, on_date)
SELECT id, 6, CASE id % 3 WHEN 0 THEN 'employment' WHEN 1 THEN 'training' ELSE 'other' END,
       date(closed_on, '+6 months')
FROM cases WHERE closed_on IS NOT NULL AND id % 3 = 0;
INSERT INTO renewal (case_id, on_date, months, reason)
SELECT id, date(opened_on, '+12 months'), 12, 'bench' FROM cases
WHERE programme = 'be-trajet-specifique' AND id % 10 = 4;
COMMIT;
ANALYZE;
PRAGMA journal_mode = WAL;
SQL
}
