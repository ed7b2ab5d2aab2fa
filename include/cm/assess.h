/*
 * Assessments: a case's needs and resources by life domain, each scored
 * 0 (no problem) to 4 (severe), plus strengths. The first one moves a case
 * from `assessment` to `planning`; a final one (--final) is the reassessment
 * at closure, against which cm show measures progress.
 */
#ifndef CM_ASSESS_H
#define CM_ASSESS_H

#include <stddef.h>
#include <stdint.h>
#include "cm/error.h"
#include "cm/emit.h"

struct cm_store;

#define CM_ASSESS_MAX_SCORE 4

/* The life domains in display order, NULL-terminated. */
extern const char *const cm_assess_domains[];
/* "housing" -> its index in cm_assess_domains, or -1. */
int cm_assess_domain_index(const char *name);

struct cm_assess_score {
	int domain;      /* index in cm_assess_domains */
	int score;       /* 0..CM_ASSESS_MAX_SCORE */
	char *note;      /* may be NULL; owned by the input */
};

/* An assessment to record. Filled by the parsers below; release with cm_assess_input_release. */
struct cm_assess_input {
	struct cm_assess_score *scores;
	size_t n;
	char *strengths;  /* may be NULL; owned */
	int final;        /* the reassessment at closure */
};

/*
 * Add one "DOMAIN=SCORE[:NOTE]" (the --domain option) to in. CM_EUSAGE names
 * an unknown domain, a score out of range, or a domain given twice.
 */
int cm_assess_add_arg(struct cm_assess_input *in, const char *arg, struct cm_error *err);

/*
 * Fill in from JSON text: {"domains": {"housing": {"score": 3, "note": "..."}
 * or "housing": 3, ...}, "strengths": "..."}. Strengths given here replace
 * any already in `in`. CM_EUSAGE names what is wrong.
 */
int cm_assess_parse_json(struct cm_assess_input *in, const char *text, struct cm_error *err);

/* Free what the input owns and empty it. */
void cm_assess_input_release(struct cm_assess_input *in);

/*
 * Record an assessment dated today in one transaction, audited. The first
 * (non-final) assessment moves a case in `assessment` to `planning`. Refused
 * (nothing changed): a case in screening (the message says what is missing
 * and how to complete it), a closed case (unless final), a final assessment
 * without a first one, or a final one on a case still in `assessment`.
 * *id is the new assessment's id.
 */
int cm_assess_record(struct cm_store *s, int64_t case_id, const struct cm_assess_input *in,
		     int64_t *id, struct cm_error *err);

/*
 * 0 when the case is open and has a (first) assessment; otherwise CM_ESTATE
 * saying what is missing ("case 12 has no assessment; run 'cm assess 12'
 * first"), CM_ENOTFOUND or the closed-case message. Used by cm plan.
 */
int cm_assess_require(struct cm_store *s, int64_t case_id, struct cm_error *err);

/*
 * Emit one record per assessment of a case (all, or only `only_id` when > 0),
 * oldest first, with keys assessment, case, on_date, final, recorded_by,
 * scores ("housing=3 debts=2", in domain order), notes ("debts: mediation
 * started; housing: ..."), strengths.
 */
int cm_assess_emit_list(struct cm_store *s, int64_t case_id, int64_t only_id, struct cm_emit *e,
			struct cm_error *err);

/*
 * For cm show: add to the current record assessment_on (the first
 * assessment's date), final_assessment_on (the latest final one's) and
 * assessment_change ("housing 3->1, debts 2->2", "?" for a domain missing on
 * one side; null without a final assessment).
 */
int cm_assess_emit_show(struct cm_store *s, int64_t case_id, struct cm_emit *e,
			struct cm_error *err);

#endif
