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

#endif
