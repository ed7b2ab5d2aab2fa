/* The store's insides, shared by store.c, sql.c and audit.c only. */
#ifndef CM_LIB_STORE_IMPL_H
#define CM_LIB_STORE_IMPL_H

#include "db/db.h"
#include "cm/clock.h"

struct cm_store {
	struct cm_db *db;
	char *path;
	char *user;
	char *command;
	int in_tx;
	/* Library begins not yet committed (see cm_store_begin). */
	int tx_depth;
	/* The command holds the transaction: only cm_store_finish commits. */
	int hold;
	/*
	 * The held transaction's first level is the transaction itself, not a
	 * savepoint (see cm_store_begin): undoing it is rolling back.
	 */
	int bare;
	/* The last audit hash, valid while in_tx; saves a query per record. */
	char last_hash[65];
	int have_last_hash;
	long long last_audit_id;
	/* The time every audit record of the open transaction carries. */
	char tx_at[CM_TIME_LEN];
	char tx_real_at[CM_TIME_LEN];  /* the system clock's, whatever CM_NOW says */
	int have_tx_at;
	struct cm_stmt *audit_insert;
	/* cm init's file until cm_store_publish renames it to path. */
	char *create_tmp;
	/* The actor's role and scope (lib/access.c). */
	struct cm_access *access;
};

#endif
