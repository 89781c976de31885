/*
 * i18n.c - binds the gettext text domain and owns the language: the table
 * of languages with a catalogue, and the gate that lets language regions
 * of one language run together while a switch of LANGUAGE waits for the
 * other language's regions to leave (i18n.h explains the rules).
 */
#include "i18n.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LANGS 16
#define MAX_DEPTH 8

/* gettext's counter of loaded catalogues: bumping it drops the cached
 * translations, which belong to the previous LANGUAGE */
extern int _nl_msg_cat_cntr;

static char localedir_used[4096] = "locale";

/* The languages seen so far: [0] is English (the msgids); the others have
 * a catalogue. Entries are added, never removed. */
static char langs[MAX_LANGS][16] = {"en"};
static int nlangs = 1;

/* The gate. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int cur = 0;            /* language LANGUAGE names */
static int active;             /* regions open, all in language cur */
static unsigned long phase;    /* bumped at every switch */
static int waiting[MAX_LANGS]; /* threads waiting per language */
static int env_ready;          /* locale and LANGUAGE set up */

/* This thread's open regions (languages, innermost last). */
static _Thread_local int depth;
static _Thread_local int stack[MAX_DEPTH];

/* dir/sub exists as a directory? */
static int is_dir(const char *dir, const char *sub, char *out, size_t n)
{
	struct stat st;
	snprintf(out, n, "%s/%s", dir, sub);
	return stat(out, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Under mu, with no region open: make gettext read lang. */
static void switch_env(int lang)
{
	if (!env_ready) {
		/* gettext ignores LANGUAGE under the C locale: use C.UTF-8
		 * for messages when nothing better is set */
		const char *m = setlocale(LC_MESSAGES, NULL);
		if (!m || strcmp(m, "C") == 0 || strcmp(m, "POSIX") == 0)
			setlocale(LC_MESSAGES, "C.UTF-8");
		env_ready = 1;
	}
	setenv("LANGUAGE", langs[lang], 1);
	++_nl_msg_cat_cntr;
	cur = lang;
}

void i18n_init(const char *localedir)
{
	static char found[4096];
	const char *dir = localedir;
	if (!dir)
		dir = getenv("ATTAIN_LOCALEDIR");
	if (!dir) {
		/* locale/ next to the binary, or two levels up for the
		 * build/asan and build/release binaries */
		char exe[3800];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n > 0) {
			exe[n] = '\0';
			char *slash = strrchr(exe, '/');
			if (slash)
				*slash = '\0';
			if (is_dir(exe, "locale", found, sizeof(found)) ||
			    is_dir(exe, "../../locale", found, sizeof(found)))
				dir = found;
		}
	}
	if (!dir)
		dir = "locale";
	pthread_mutex_lock(&mu);
	snprintf(localedir_used, sizeof(localedir_used), "%s", dir);
	bindtextdomain("attain", dir);
	bind_textdomain_codeset("attain", "UTF-8");
	textdomain("attain");
	/* LANGUAGE exists from now on, so a later switch replaces its
	 * value and never grows the environment */
	if (active == 0)
		switch_env(cur);
	pthread_mutex_unlock(&mu);
}

/* Index of lang in the table (adding it when it has a catalogue), or 0
 * (English). Under mu. */
static int lang_index_locked(const char *lang)
{
	if (!lang || !*lang || strlen(lang) >= sizeof(langs[0]))
		return 0;
	for (const char *c = lang; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_'))
			return 0;
	for (int i = 0; i < nlangs; i++)
		if (strcmp(langs[i], lang) == 0)
			return i;
	if (nlangs >= MAX_LANGS)
		return 0;
	char path[4200];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/attain.mo",
	         localedir_used, lang);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	snprintf(langs[nlangs], sizeof(langs[0]), "%s", lang);
	return nlangs++;
}

int i18n_known(const char *lang)
{
	if (lang && strcmp(lang, "en") == 0)
		return 1;
	pthread_mutex_lock(&mu);
	int i = lang_index_locked(lang);
	pthread_mutex_unlock(&mu);
	return i > 0;
}

/* Wait for lang's turn and open one region in it. */
static void acquire(int lang)
{
	pthread_mutex_lock(&mu);
	unsigned long since = phase;
	waiting[lang]++;
	for (;;) {
		if (active == 0) {
			if (cur != lang) {
				switch_env(lang);
				phase++;
			}
			break;
		}
		if (cur == lang) {
			/* already waiting when this language's turn began:
			 * enter with it; else only if nobody waits for
			 * another language */
			int others = 0;
			for (int i = 0; i < nlangs; i++)
				if (i != lang)
					others += waiting[i];
			if (phase != since || others == 0)
				break;
		}
		pthread_cond_wait(&cv, &mu);
	}
	waiting[lang]--;
	active++;
	pthread_mutex_unlock(&mu);
}

static void release(void)
{
	pthread_mutex_lock(&mu);
	if (--active == 0)
		pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static int lang_index(const char *lang)
{
	if (!lang || strcmp(lang, "en") == 0)
		return 0;
	pthread_mutex_lock(&mu);
	int i = lang_index_locked(lang);
	pthread_mutex_unlock(&mu);
	return i;
}

/* The slot of region k of this thread (regions deeper than MAX_DEPTH
 * share the last slot). */
static int *slot(int k)
{
	return &stack[k < MAX_DEPTH ? k : MAX_DEPTH - 1];
}

void i18n_enter(const char *lang)
{
	int l = lang_index(lang);
	if (depth == 0) {
		acquire(l);
	} else if (*slot(depth - 1) != l) {
		release();
		acquire(l);
	}
	*slot(depth) = l;
	depth++;
}

void i18n_leave(void)
{
	if (depth == 0)
		return;
	depth--;
	int was = *slot(depth);
	if (depth == 0) {
		release();
	} else {
		int now = *slot(depth - 1);
		if (now != was) {
			release();
			acquire(now);
		}
	}
}

void i18n_set_lang(const char *lang)
{
	int l = lang_index(lang);
	if (depth > 0) {
		int *top = slot(depth - 1);
		if (*top != l) {
			release();
			acquire(l);
			*top = l;
		}
		return;
	}
	pthread_mutex_lock(&mu);
	int same = cur == l && env_ready;
	pthread_mutex_unlock(&mu);
	if (!same) {
		acquire(l);
		release();
	}
}

const char *i18n_lang(void)
{
	if (depth > 0)
		return langs[*slot(depth - 1)];
	pthread_mutex_lock(&mu);
	const char *s = langs[cur];
	pthread_mutex_unlock(&mu);
	return s;
}
