/*
 * store_migrations.h - the numbered schema migrations compiled into the
 * binary (generated from src/migrations/NNN_name.sql by tools/embed.c).
 * Private to the store.
 */
#ifndef ATTAIN_STORE_MIGRATIONS_H
#define ATTAIN_STORE_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

/* Sorted by version, terminated by {0, 0, 0}: SQLite's (src/migrations)
 * and PostgreSQL's (src/migrations/pg, the same numbers and names). */
extern const struct migration store_migrations[];
extern const struct migration store_migrations_pg[];

#endif
