/* The built-in programme profiles, sorted by id. */
#include "programme_builtin.h"

const struct cm_builtin_programme cm_builtin_programmes[] = {
	{ "be-accompagnement", "Individualised accompaniment of job seekers (Wallonia/Brussels)",
	  CM_BUILTIN_BE_ACCOMPAGNEMENT },
	{ "be-trajet-specifique", "Trajet specifique: psycho-medico-social factors (Belgium, 2014)",
	  CM_BUILTIN_BE_TRAJET_SPECIFIQUE },
	{ "ch-cmfp", "Case management Formation professionnelle (Switzerland)", CM_BUILTIN_CH_CMFP },
	{ "dg-familles", "Network for multi-problem families (German-speaking Community)",
	  CM_BUILTIN_DG_FAMILLES },
	{ "eu-youth-guarantee", "EU Youth Guarantee (Council Recommendation, 22 April 2013)",
	  CM_BUILTIN_EU_YOUTH_GUARANTEE },
	{ "work-accident", "Work-accident case management (return to work)",
	  CM_BUILTIN_WORK_ACCIDENT },
};

const size_t cm_builtin_programme_count =
	sizeof cm_builtin_programmes / sizeof cm_builtin_programmes[0];
