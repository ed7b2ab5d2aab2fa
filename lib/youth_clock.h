/*
 * When the Youth Guarantee clock starts: « dans les quatre mois suivant la
 * perte de leur emploi ou leur sortie de l'enseignement formel » (seed 000).
 * The earliest known of the registration at the PES, becoming unemployed
 * and leaving formal education; the intake when none is known. SQL over
 * person p and cases c (internal to lib/).
 */
#ifndef CM_LIB_YOUTH_CLOCK_H
#define CM_LIB_YOUTH_CLOCK_H

#define CM_YG_NO_DATE "'9999-12-31'"
#define CM_YG_EARLIEST(p) \
	"nullif(cm_min(coalesce(" p ".registered_on, " CM_YG_NO_DATE ")," \
	" cm_min(coalesce(" p ".unemployed_since, " CM_YG_NO_DATE ")," \
	" coalesce(" p ".left_education_on, " CM_YG_NO_DATE "))), " CM_YG_NO_DATE ")"

/* The date the clock starts. */
#define CM_YG_START(p, c) "coalesce(" CM_YG_EARLIEST(p) ", " c ".opened_on)"

/* What that date is: intake, registration, unemployment or education (left). */
#define CM_YG_START_EVENT(p) \
	"CASE coalesce(" CM_YG_EARLIEST(p) ", '')" \
	" WHEN '' THEN 'intake' WHEN " p ".registered_on THEN 'registration'" \
	" WHEN " p ".unemployed_since THEN 'unemployment' ELSE 'education' END"

#endif
