/*
 * i18n.h - translation of every string a person reads, through GNU gettext.
 * Wrap user-facing literals in _("...") (or N_("...") where a literal must
 * stay constant and is translated at use). Catalogues live in po/ and are
 * installed under the locale directory given to i18n_init.
 *
 * Languages per thread. gettext picks the catalogue from the LANGUAGE
 * environment variable, which is process-wide, and changing the environment
 * while another thread reads it is undefined. So a thread that translates
 * while others run does it inside a language region:
 *
 *     i18n_enter("hi");  ... _("...") ...  i18n_leave();
 *
 * Regions of the same language run side by side; a region of another
 * language waits until the running ones have left, then switches LANGUAGE
 * (nobody is translating at that moment) and lets its own language in.
 * Threads already waiting for a language when its turn comes all enter
 * together, and a thread arriving while another language is waiting queues
 * behind it, so neither language starves the other. The web server runs
 * every request in a region of the account's language (web_route.c); the
 * PDF workers run every document in a region of its language (report_doc.c).
 * A thread outside any region must not translate while regions may be open
 * on other threads.
 */
#ifndef ATTAIN_I18N_H
#define ATTAIN_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Bind the "attain" text domain to localedir (NULL: the build's locale/
 * directory next to the binary, or $ATTAIN_LOCALEDIR), and set up the
 * environment for switching (LC_MESSAGES C.UTF-8 under the C locale,
 * LANGUAGE=en). Call it before starting threads. */
void i18n_init(const char *localedir);

/* 1 if lang is "en" or has an installed catalogue (a short code of
 * letters, digits and '_' only), else 0. */
int i18n_known(const char *lang);

/*
 * Open a language region on this thread (see above); lang NULL, empty or
 * without a catalogue means English. Regions nest (up to 8 deep): an inner
 * region of another language moves the thread to that language, and
 * leaving it moves the thread back. Blocks while another language's
 * regions are open. Every i18n_enter is paired with one i18n_leave.
 */
void i18n_enter(const char *lang);
void i18n_leave(void);

/*
 * Switch the language of translated strings. Inside a region: this
 * thread's region moves to lang (waiting its turn as i18n_enter does).
 * Outside any region: the process's language, for single-threaded callers
 * (the CLI); it waits until no region is open.
 */
void i18n_set_lang(const char *lang);
/* This thread's language inside a region, else the process's ("en"
 * initially). The string is static. */
const char *i18n_lang(void);

#endif
