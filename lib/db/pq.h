/*
 * libpq, loaded when a PostgreSQL database is first opened rather than at
 * every start: linked in, libpq and the libraries it brings (Kerberos,
 * LDAP, TLS) cost each cm command about 10 million instructions and 10 ms
 * before main, for every command on a SQLite file too. pg.c calls the PQ
 * functions as usual; here each name stands for a pointer filled by
 * cm_pq_load().
 */
#ifndef CM_DB_PQ_H
#define CM_DB_PQ_H

#include <libpq-fe.h>
#include "cm/error.h"

#define CM_PQ_FUNCTIONS(X) \
	X(PQclear) X(PQcmdTuples) X(PQconnectdb) X(PQerrorMessage) X(PQexec) \
	X(PQexecParams) X(PQexecPrepared) X(PQfinish) X(PQfname) X(PQftype) \
	X(PQgetisnull) X(PQgetResult) X(PQgetvalue) X(PQhost) X(PQnfields) X(PQntuples) \
	X(PQprepare) X(PQputCopyData) X(PQputCopyEnd) X(PQresultErrorField) X(PQresultErrorMessage) \
	X(PQresultStatus) X(PQsetNoticeProcessor) X(PQstatus) X(PQtransactionStatus)

struct cm_pq {
#define CM_PQ_POINTER(f) __typeof__(f) *f;
	CM_PQ_FUNCTIONS(CM_PQ_POINTER)
#undef CM_PQ_POINTER
};

extern struct cm_pq cm_pq;

/* Loads libpq once; a failure says why (the library missing or too old). */
int cm_pq_load(struct cm_error *err);

#ifndef CM_PQ_LOADER
#define PQclear (cm_pq.PQclear)
#define PQcmdTuples (cm_pq.PQcmdTuples)
#define PQconnectdb (cm_pq.PQconnectdb)
#define PQerrorMessage (cm_pq.PQerrorMessage)
#define PQexec (cm_pq.PQexec)
#define PQexecParams (cm_pq.PQexecParams)
#define PQexecPrepared (cm_pq.PQexecPrepared)
#define PQfinish (cm_pq.PQfinish)
#define PQfname (cm_pq.PQfname)
#define PQftype (cm_pq.PQftype)
#define PQgetisnull (cm_pq.PQgetisnull)
#define PQgetResult (cm_pq.PQgetResult)
#define PQgetvalue (cm_pq.PQgetvalue)
#define PQhost (cm_pq.PQhost)
#define PQnfields (cm_pq.PQnfields)
#define PQntuples (cm_pq.PQntuples)
#define PQprepare (cm_pq.PQprepare)
#define PQputCopyData (cm_pq.PQputCopyData)
#define PQputCopyEnd (cm_pq.PQputCopyEnd)
#define PQresultErrorField (cm_pq.PQresultErrorField)
#define PQresultErrorMessage (cm_pq.PQresultErrorMessage)
#define PQresultStatus (cm_pq.PQresultStatus)
#define PQsetNoticeProcessor (cm_pq.PQsetNoticeProcessor)
#define PQstatus (cm_pq.PQstatus)
#define PQtransactionStatus (cm_pq.PQtransactionStatus)
#endif

#endif
