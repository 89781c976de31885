/*
 * test_escape.c - exact output of every escaper, including hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "escape.h"

typedef void (*esc_fn)(buf *, const char *);

static void check(esc_fn f, const char *in, const char *want)
{
	buf b;
	buf_init(&b);
	f(&b, in);
	assert_string_equal(b.data ? b.data : "", want);
	buf_free(&b);
}

static void test_html(void **state)
{
	(void)state;
	check(esc_html, "<script>alert('x') & \"y\"</script>",
	      "&lt;script&gt;alert(&#39;x&#39;) &amp; "
	      "&quot;y&quot;&lt;/script&gt;");
	check(esc_html, "plain text", "plain text");
	check(esc_html, "\xe0\xa4\x85", "\xe0\xa4\x85"); /* Devanagari A kept */
	check(esc_html, "bad\xff byte", "bad\xef\xbf\xbd byte");
	check(esc_html, "over\xc0\xaflong", "over\xef\xbf\xbd\xef\xbf\xbdlong");
	check(esc_html,
	      "nul\x01"
	      "ctl",
	      "nul ctl");
	check(esc_attr, "\" onmouseover=\"x", "&quot; onmouseover=&quot;x");
	check(esc_html, NULL, "");
}

static void test_url(void **state)
{
	(void)state;
	check(esc_url_path, "SCH 001/../x", "SCH%20001%2F..%2Fx");
	check(esc_url_path, "..", "%2E%2E");
	check(esc_url_path, "A-b_c.d~9", "A-b_c.d~9");
	check(esc_url_arg, "a&b=c d", "a%26b%3Dc%20d");
	check(esc_url_arg, "\xe0\xa4\x85", "%E0%A4%85");
}

static void test_json(void **state)
{
	(void)state;
	check(esc_json, "a\"b\\c\n</script>",
	      "\"a\\\"b\\\\c\\n\\u003c/script>\"");
	check(esc_json, "\x01", "\"\\u0001\"");
	check(esc_json, "bad\xfe", "\"bad\\ufffd\"");
	check(esc_json, "\xe0\xa4\x85", "\"\xe0\xa4\x85\"");
	check(esc_json, "", "\"\"");
}

static void test_csv(void **state)
{
	(void)state;
	check(esc_csv, "plain", "plain");
	check(esc_csv, "a,b", "\"a,b\"");
	check(esc_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
	check(esc_csv, "line\nbreak", "\"line\nbreak\"");
	check(esc_csv, "=SUM(A1)", "\"'=SUM(A1)\"");
	check(esc_csv, "@cmd", "\"'@cmd\"");
	check(esc_csv, "-1.5", "-1.5");
	check(esc_csv, "-x", "\"'-x\"");
	check(esc_csv, NULL, "");
}

/* Every formula trigger, ASCII and full-width, is guarded; a field that
 * is wholly a number as attain writes one is not. */
static void test_csv_guard(void **state)
{
	(void)state;
	/* the value that passed before: a minus sign and a digit */
	check(esc_csv, "-1+HYPERLINK(\"x\")", "\"'-1+HYPERLINK(\"\"x\"\")\"");
	check(esc_csv, "+1+1", "\"'+1+1\"");
	check(esc_csv, "-1-1", "\"'-1-1\"");
	check(esc_csv, "-2*3", "\"'-2*3\"");
	check(esc_csv, "-1.5.2", "\"'-1.5.2\"");
	check(esc_csv, "-.5", "\"'-.5\"");
	check(esc_csv, "=1", "\"'=1\"");
	check(esc_csv, "@SUM(1)", "\"'@SUM(1)\"");
	check(esc_csv, "\t=1", "\"'\t=1\"");
	check(esc_csv, "\r=1", "\"'\r=1\"");
	check(esc_csv, "  =1", "\"'  =1\""); /* spaces before a trigger */
	/* full-width = + - @ */
	check(esc_csv,
	      "\xef\xbc\x9d"
	      "1",
	      "\"'\xef\xbc\x9d"
	      "1\"");
	check(esc_csv,
	      "\xef\xbc\x8b"
	      "1",
	      "\"'\xef\xbc\x8b"
	      "1\"");
	check(esc_csv,
	      "\xef\xbc\x8d"
	      "1",
	      "\"'\xef\xbc\x8d"
	      "1\"");
	check(esc_csv,
	      "\xef\xbc\xa0"
	      "x",
	      "\"'\xef\xbc\xa0"
	      "x\"");
	/* numbers as attain writes them pass unchanged */
	check(esc_csv, "-1", "-1");
	check(esc_csv, "+3", "+3");
	check(esc_csv, "-0.25", "-0.25");
	check(esc_csv, "-12,345", "\"-12,345\""); /* quoted for its comma */
	check(esc_csv, "-12,34,567.5", "\"-12,34,567.5\"");
	check(esc_csv, "-4%", "-4%");
	check(esc_csv, "-1e-07", "-1e-07");
	check(esc_csv, "1e+15", "1e+15");
	check(esc_csv, "-", "-"); /* the mark of nothing */
	/* other text */
	check(esc_csv, "a=b", "a=b");
	check(esc_csv, "\xe0\xa4\x85-1", "\xe0\xa4\x85-1");
	check(esc_csv, "", "");
	/* the number rule on its own */
	assert_true(esc_csv_number("0"));
	assert_true(esc_csv_number("-1,234.50%"));
	assert_false(esc_csv_number("1,"));
	assert_false(esc_csv_number("1e"));
	assert_false(esc_csv_number("1."));
	assert_false(esc_csv_number("--1"));
	assert_false(esc_csv_number("-1 "));
	assert_false(esc_csv_number(""));
}

static int why(const char *s, int kind)
{
	return text_check(s, strlen(s), kind, NULL);
}

/* The characters of names, codes and free text (escape.h): each refusal
 * with its reason, its code point and its byte. */
static void test_text_check(void **state)
{
	(void)state;
	text_bad b;
	assert_int_equal(why("Asha Kumari", TEXT_NAME), TEXT_OK);
	/* a NUL byte inside the n bytes checked */
	assert_int_equal(text_check("As\0ha", 5, TEXT_FREE, &b), TEXT_NUL);
	assert_int_equal(b.at, 2);
	/* right-to-left override: refused everywhere */
	assert_int_equal(text_check("Asha\xe2\x80\xaeK", 8, TEXT_NAME, &b),
	                 TEXT_BIDI);
	assert_int_equal(b.cp, 0x202E);
	assert_int_equal(b.at, 4);
	assert_int_equal(why("note \xe2\x80\xae", TEXT_FREE), TEXT_BIDI);
	assert_int_equal(why("x\xe2\x81\xa6y", TEXT_FREE), TEXT_BIDI); /* LRI */
	/* direction marks: refused in names, kept in free text */
	assert_int_equal(why("a\xe2\x80\x8f", TEXT_NAME), TEXT_BIDI);
	assert_int_equal(why("a\xe2\x80\x8f", TEXT_FREE), TEXT_OK);
	/* zero-width space, word joiner, BOM, soft hyphen: invisible */
	assert_int_equal(text_check("Ra\xe2\x80\x8bm", 6, TEXT_NAME, &b),
	                 TEXT_INVISIBLE);
	assert_int_equal(b.cp, 0x200B);
	assert_int_equal(why("a\xe2\x81\xa0", TEXT_NAME), TEXT_INVISIBLE);
	assert_int_equal(why("\xef\xbb\xbf"
	                     "a",
	                     TEXT_NAME),
	                 TEXT_INVISIBLE);
	assert_int_equal(why("Ra\xc2\xadm", TEXT_NAME), TEXT_INVISIBLE);
	assert_int_equal(why("Ra\xe2\x80\x8bm", TEXT_FREE), TEXT_OK);
	/* controls: none in names; TAB, LF, CR in lines and free text */
	assert_int_equal(why("a\tb", TEXT_NAME), TEXT_CONTROL);
	assert_int_equal(why("a\tb\nc\r\n", TEXT_LINES), TEXT_OK);
	assert_int_equal(why("a\tb\nc", TEXT_FREE), TEXT_OK);
	assert_int_equal(why("a\x01", TEXT_FREE), TEXT_CONTROL);
	assert_int_equal(why("a\x7f", TEXT_NAME), TEXT_CONTROL);
	assert_int_equal(why("a\xc2\x85", TEXT_NAME), TEXT_CONTROL); /* NEL */
	assert_int_equal(why("a\xe2\x80\xa8", TEXT_NAME), TEXT_CONTROL);
	assert_int_equal(why("a\xe2\x80\x8b\tb", TEXT_LINES), TEXT_INVISIBLE);
	assert_int_equal(why("bad\xff", TEXT_FREE), TEXT_BADUTF8);
	/* each refused character at every offset of a long ASCII text is
	 * found at that offset */
	static const char *const refused[] = {"\x1f", "\x7f", "\x01",
	                                      "\xe2\x80\xae", "\xc2\x85"};
	for (size_t r = 0; r < sizeof(refused) / sizeof(refused[0]); r++) {
		for (size_t at = 0; at < 24; at++) {
			char t[64];
			memset(t, 'a', sizeof(t));
			size_t k = strlen(refused[r]);
			memcpy(t + at, refused[r], k);
			t[40] = '\0';
			assert_int_not_equal(
			    text_check(t, strlen(t), TEXT_NAME, &b), TEXT_OK);
			assert_int_equal(b.at, at);
		}
	}
	assert_int_equal(why("abcdefgh~ !\"#$%&'()*+,-./0123456789", TEXT_NAME),
	                 TEXT_OK);
}

/* Real Hindi names: ZWJ and ZWNJ after a virama are part of the name
 * (half forms), anywhere else they are refused (RFC 5892 A.1, A.2). */
static void test_text_joiners(void **state)
{
	(void)state;
	/* Akshay with a visible half KA: A KA VIRAMA ZWJ SSA YA */
	const char *akshay = "\xe0\xa4\x85\xe0\xa4\x95\xe0\xa5\x8d"
	                     "\xe2\x80\x8d\xe0\xa4\xb7\xe0\xa4\xaf";
	assert_int_equal(why(akshay, TEXT_NAME), TEXT_OK);
	/* Lakshmi with an explicit virama: ZWNJ after VIRAMA */
	const char *lakshmi = "\xe0\xa4\xb2\xe0\xa4\x95\xe0\xa5\x8d"
	                      "\xe2\x80\x8c\xe0\xa4\xb7\xe0\xa5\x8d"
	                      "\xe0\xa4\xae\xe0\xa5\x80";
	assert_int_equal(why(lakshmi, TEXT_NAME), TEXT_OK);
	/* the same without joiners */
	assert_int_equal(why("\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xae", TEXT_NAME),
	                 TEXT_OK);
	/* Ram with a ZWJ between the vowel sign AA and MA: invisible, so
	 * refused (it would make a second, identical-looking name) */
	text_bad b;
	const char *ram2 = "\xe0\xa4\xb0\xe0\xa4\xbe\xe2\x80\x8d"
	                   "\xe0\xa4\xae";
	assert_int_equal(text_check(ram2, strlen(ram2), TEXT_NAME, &b),
	                 TEXT_JOINER);
	assert_int_equal(b.cp, 0x200D);
	assert_int_equal(b.at, 6);
	/* at the start, after a Latin letter */
	assert_int_equal(why("\xe2\x80\x8d"
	                     "a",
	                     TEXT_NAME),
	                 TEXT_JOINER);
	assert_int_equal(why("a\xe2\x80\x8c"
	                     "b",
	                     TEXT_NAME),
	                 TEXT_JOINER);
	/* a ZWNJ between two Arabic letters (Persian/Urdu), a ZWJ not */
	assert_int_equal(why("\xd9\x85\xe2\x80\x8c\xd9\x8a", TEXT_NAME),
	                 TEXT_OK);
	assert_int_equal(why("\xd9\x85\xe2\x80\x8d\xd9\x8a", TEXT_NAME),
	                 TEXT_JOINER);
	/* the Malayalam virama U+0D4D and ZWJ (chillu in old encoding) */
	assert_int_equal(why("\xe0\xb4\xa8\xe0\xb5\x8d\xe2\x80\x8d", TEXT_NAME),
	                 TEXT_OK);
	/* in free text any joiner is kept */
	assert_int_equal(why(ram2, TEXT_FREE), TEXT_OK);
	assert_string_equal(text_why_words(TEXT_BIDI), "direction control");
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("abc", 3));
	assert_true(utf8_valid("\xe0\xa4\x85", 3));
	assert_false(utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(utf8_valid("\xe0\xa4", 2));         /* truncated */
	assert_false(utf8_valid("a\0b", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html),
	    cmocka_unit_test(test_url),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_csv_guard),
	    cmocka_unit_test(test_text_check),
	    cmocka_unit_test(test_text_joiners),
	    cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
