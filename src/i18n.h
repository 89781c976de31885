/*
 * i18n.h - translation of every string a person reads, through GNU gettext.
 * Wrap user-facing literals in _("...") (or N_("...") where a literal must
 * stay constant and is translated at use). Catalogues live in po/ and are
 * installed under the locale directory given to i18n_init.
 */
#ifndef ATTAIN_I18N_H
#define ATTAIN_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Bind the "attain" text domain to localedir (NULL: the build's locale/
 * directory next to the binary, or $ATTAIN_LOCALEDIR). */
void i18n_init(const char *localedir);

/*
 * Switch the language of translated strings for the whole process: "hi"
 * uses the Hindi catalogue, "en" (or NULL, or any language without a
 * catalogue) the English msgids. Works under the C locale (it selects
 * C.UTF-8 for messages, then sets LANGUAGE). Not thread-safe: call it from
 * one thread (the CLI, or under a lock).
 */
void i18n_set_lang(const char *lang);
/* The language last set with i18n_set_lang ("en" initially). */
const char *i18n_lang(void);

#endif
