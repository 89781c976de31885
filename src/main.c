/*
 * main.c - process entry: locale, then the command dispatcher.
 */
#include <locale.h>

#include "cli.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C"); /* numbers in files are always C-formatted */
	return cli_main(argc, argv);
}
