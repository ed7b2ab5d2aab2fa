/*
 * The periods a report counts over (the window, or each of its months),
 * walked in C, and the bounds that select a period's contacts: a contact
 * counts on its local date, so a stored UTC time is compared with the UTC
 * instants at which the period's first day and the day after it begin.
 */
#include <stdio.h>
#include <string.h>
#include "cm/clock.h"
#include "report_impl.h"

/*
 * The UTC instant the local day begins: its midnight, or 01:00 where the
 * clocks skip midnight at the change to summer time (and, should a zone
 * skip both, midnight UTC).
 */
static void day_start_utc(cm_days day, char out[CM_TIME_LEN])
{
	char date[CM_DATE_LEN], local[CM_DATE_LEN + 9];

	cm_date_format(day, date);
	snprintf(local, sizeof local, "%sT00:00", date);
	if (cm_time_parse(local, out) == 0)
		return;
	snprintf(local, sizeof local, "%sT01:00", date);
	if (cm_time_parse(local, out) == 0)
		return;
	snprintf(local, sizeof local, "%sT00:00Z", date);
	cm_time_parse(local, out);
}

static void period_set(struct rperiod *p, cm_days lo, cm_days hi)
{
	p->lo = lo;
	p->hi = hi;
	cm_date_format(lo, p->lo_date);
	cm_date_format(hi, p->hi_date);
	cm_date_format(hi + 1, p->end_date);
	snprintf(p->month, sizeof p->month, "%.7s", p->lo_date);
	day_start_utc(lo, p->lo_utc);
	day_start_utc(hi + 1, p->end_utc);
	/* Dates and local times sort among UTC times by their text: scan the wider range. */
	p->scan_lo = strcmp(p->lo_date, p->lo_utc) < 0 ? p->lo_date : p->lo_utc;
	p->scan_end = strcmp(p->end_date, p->end_utc) > 0 ? p->end_date : p->end_utc;
}

void rperiod_window(struct rperiod *p, cm_days from, cm_days to)
{
	period_set(p, from, to);
}

void rperiod_month(struct rperiod *p, cm_days lo, cm_days to)
{
	cm_days next;
	int y, m, d;

	cm_date_to_ymd(lo, &y, &m, &d);
	cm_date_from_ymd(y, m, 1, &next);
	next = cm_date_add_months(next, 1);
	period_set(p, lo, next - 1 < to ? next - 1 : to);
}
void rperiod_bind(const struct rperiod *p, struct cm_stmt *st)
{
	static const char *const names[] = { ":lo", ":hi", ":end", ":lo_utc", ":end_utc",
					     ":scan_lo", ":scan_end" };
	const char *values[] = { p->lo_date, p->hi_date, p->end_date, p->lo_utc, p->end_utc,
				 p->scan_lo, p->scan_end };
	size_t i;
	int at;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((at = cm_stmt_param_index(st, names[i])))
			cm_stmt_bind_text_copy(st, at, values[i], -1);
}
