/*
 * main.c - process entry: locale, then the command dispatcher.
 */
#include <locale.h>

#include "cli.h"
#include "i18n.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC,
	          "C"); /* numbers in files are always C-formatted */
	i18n_init(NULL);
	return cli_main(argc, argv);
}
