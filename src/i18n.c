/*
 * i18n.c - binds the gettext text domain and switches the language.
 */
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char cur_lang[16] = "en";

/* dir/sub exists as a directory? */
static int is_dir(const char *dir, const char *sub, char *out, size_t n)
{
	struct stat st;
	snprintf(out, n, "%s/%s", dir, sub);
	return stat(out, &st) == 0 && S_ISDIR(st.st_mode);
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
	bindtextdomain("attain", dir);
	bind_textdomain_codeset("attain", "UTF-8");
	textdomain("attain");
}

void i18n_set_lang(const char *lang)
{
	if (!lang || !*lang)
		lang = "en";
	if (strcmp(lang, cur_lang) == 0)
		return;
	snprintf(cur_lang, sizeof(cur_lang), "%s", lang);
	/* gettext ignores LANGUAGE under the C locale: use C.UTF-8 for
	 * messages when nothing better is set */
	const char *m = setlocale(LC_MESSAGES, NULL);
	if (!m || strcmp(m, "C") == 0 || strcmp(m, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", cur_lang, 1);
	/* tell gettext its cached translations are stale */
	extern int _nl_msg_cat_cntr;
	++_nl_msg_cat_cntr;
}

const char *i18n_lang(void)
{
	return cur_lang;
}
