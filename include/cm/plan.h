/*
 * The individual action plan: goals, actions under them (owner, due date,
 * status), and signatures by the client and the worker.
 *
 * Versions: the case's plan starts at version 1. A signature binds a role
 * (client or worker) to a version and to the SHA-256 of that version's
 * canonical content (below): the commitment, not its progress. A change to
 * the commitment (adding a goal or an action; any future edit of a text,
 * owner or due date must do the same) made while the current version carries
 * a signature starts a new version, which needs both signatures again; an
 * `active` case then goes back to `planning`. Marking a goal or an action
 * done or dropped carries out the plan: it keeps the version, the
 * signatures and the case's state. Both signatures on the current version
 * make the case `active`.
 *
 * Canonical content: one line per goal, then one line per action, each in
 * id order, fields separated by one space, text fields length-prefixed
 * ("<bytes>:<text>") so no text can imitate another line, a missing date "-":
 *
 *   goal <id> <len>:<text> <due|->\n
 *   action <id> <goal id> <len>:<text> <owner> <due>\n
 *
 * where owner is client, worker or partner:<id>. Statuses, the dates of
 * status changes and notes are not part of the commitment.
 */
#ifndef CM_PLAN_H
#define CM_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

#define CM_PLAN_HASH_LEN 65   /* 64 hex digits + NUL */

enum cm_plan_owner_kind { CM_OWNER_CLIENT, CM_OWNER_WORKER, CM_OWNER_PARTNER };

struct cm_plan_owner {
	enum cm_plan_owner_kind kind;
	int64_t partner;   /* the partner's id when kind is CM_OWNER_PARTNER */
};

/* "client", "worker" or "partner:ID". CM_EUSAGE names a bad value. */
int cm_plan_owner_parse(const char *text, struct cm_plan_owner *out, struct cm_error *err);

/*
 * Each in its own transaction, audited; refused (nothing changed) unless the
 * case is open and has an assessment. A due date must be YYYY-MM-DD and not
 * before the plan's creation (the date of the case's first goal; today for
 * the first goal). *id is the new goal's or action's id.
 */
int cm_plan_goal_add(struct cm_store *s, int64_t case_id, const char *text, const char *due,
		     int64_t *id, struct cm_error *err);
/*
 * The same with a priority, 1 (first) to CM_GOAL_PRIORITY_MAX, fixed from
 * the first estimates of the assessment ("fixation des priorités", seed
 * 003); 0 gives none, after every ranked goal. The plan is shown in this
 * order.
 */
#define CM_GOAL_PRIORITY_MAX 9
int cm_plan_goal_add_ranked(struct cm_store *s, int64_t case_id, const char *text,
			    const char *due, int priority, int64_t *id, struct cm_error *err);
/* The goal must be open and the partner (if any) exist and be active. */
int cm_plan_action_add(struct cm_store *s, int64_t case_id, int64_t goal_id, const char *text,
		       const struct cm_plan_owner *owner, const char *due, int64_t *id,
		       struct cm_error *err);
/*
 * status "done" or "dropped"; only an open action can change; note may be
 * NULL. Progress, not a change to the commitment: no new version.
 */
int cm_plan_action_set(struct cm_store *s, int64_t case_id, int64_t action_id,
		       const char *status, const char *note, struct cm_error *err);
/* status "done" or "dropped"; refused while the goal has open actions. No new version. */
int cm_plan_goal_set(struct cm_store *s, int64_t case_id, int64_t goal_id, const char *status,
		     struct cm_error *err);

/*
 * Sign the current version as role "client" or "worker". Refused when the
 * plan has no goal, or this role already signed this version ("plan version
 * 2 is already signed by the client"). *version is the version signed and
 * *now_active is 1 when this signature made the case active.
 */
int cm_plan_sign(struct cm_store *s, int64_t case_id, const char *role, int *version,
		 int *now_active, struct cm_error *err);

/* The current version number. */
int cm_plan_version(struct cm_store *s, int64_t case_id, int *version, struct cm_error *err);

/* The plan's canonical content (see above); *out is malloc'd, the caller frees it. */
int cm_plan_canonical(struct cm_store *s, int64_t case_id, char **out, struct cm_error *err);

/* SHA-256 of text as lower-case hex. Returns 0 or CM_ENOMEM/CM_EFAIL. */
int cm_plan_hash(const char *text, char out[CM_PLAN_HASH_LEN]);

/* The hash of the plan's current canonical content. */
int cm_plan_content_hash(struct cm_store *s, int64_t case_id, char out[CM_PLAN_HASH_LEN],
			 struct cm_error *err);

/*
 * cm plan CASE show: a list of records with keys kind (goal, action,
 * version), id, goal, text, owner, due, status, on, note, client_signed,
 * worker_signed, content_matches. Goals and actions come first in id order
 * (on: the date of creation for goals, of the last status change for
 * actions); then one record per version (id: the version; status: current
 * or superseded; text: who signed; client_signed, worker_signed: the dates;
 * content_matches: whether every signature's hash matches the current
 * content, null when unsigned).
 */
int cm_plan_emit(struct cm_store *s, int64_t case_id, struct cm_emit *e, struct cm_error *err);

/*
 * For cm show: add plan_version, signed_by_client, signed_by_worker (the
 * current version), signature_valid (null when the current version is
 * unsigned), actions_done, actions_open and actions_overdue (open and due
 * before today) to the current record.
 */
int cm_plan_emit_show(struct cm_store *s, int64_t case_id, struct cm_emit *e,
		      struct cm_error *err);

/* A correction to a goal or an action: NULL (0 for priority) keeps the stored value. */
struct cm_plan_edit {
	const char *text, *due;
	int priority;                        /* goals only */
	const struct cm_plan_owner *owner;   /* actions only */
};

/*
 * Correct goal or action id of the case, checked as when it was added,
 * audited before and after. It changes the commitment: a signed plan gets
 * a new, unsigned version. what (size bytes) gets the changed fields,
 * "text, due". CM_EFAIL when nothing would change.
 */
int cm_plan_goal_edit(struct cm_store *s, int64_t case_id, int64_t goal_id,
		      const struct cm_plan_edit *in, char *what, size_t size, struct cm_error *err);
int cm_plan_action_edit(struct cm_store *s, int64_t case_id, int64_t action_id,
			const struct cm_plan_edit *in, char *what, size_t size,
			struct cm_error *err);

/*
 * Goals and actions are numbered per case, from 1: the numbers people see
 * and type. cm_plan_item_id gives the id of number in table ("goal" or
 * "action") of the case (CM_ENOTFOUND "case 1 has no goal 7");
 * cm_plan_item_number the number of an id (0 if none).
 */
int cm_plan_item_id(struct cm_store *s, const char *table, int64_t case_id, int64_t number,
		    int64_t *id, struct cm_error *err);
int64_t cm_plan_item_number(struct cm_store *s, const char *table, int64_t id);

#endif
