/*
 * i18n.c - binds the gettext text domain.
 */
#include "i18n.h"

#include <stdlib.h>

void i18n_init(const char *localedir)
{
	const char *dir = localedir;
	if (!dir)
		dir = getenv("ATTAIN_LOCALEDIR");
	if (!dir)
		dir = "locale";
	bindtextdomain("attain", dir);
	bind_textdomain_codeset("attain", "UTF-8");
	textdomain("attain");
}
