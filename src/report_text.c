/*
 * report_text.c - the per-thread cache of shaped text (report_text.h): an
 * open-addressing hash table from (text, size, weight, style, width,
 * alignment) to a pango layout made in the thread's own context.
 */
#include "report_text.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_LAYOUTS 8192
#define MAX_TEXT_BYTES (2u << 20)

typedef struct entry {
	uint64_t h;
	double size, width;
	int bold, italic, align;
	char *text;
	PangoLayout *l;
} entry;

typedef struct cache {
	PangoContext *ctx;
	PangoFontDescription *fd;
	entry *e;
	size_t cap, n, bytes;
	long made, found;
} cache;

/* The thread's cache, freed by the key's destructor when the thread ends
 * (web server threads never call rtext_release). */
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void destroy(void *p);
static void key_init(void)
{
	pthread_key_create(&key, destroy);
}

static cache *get(void)
{
	pthread_once(&key_once, key_init);
	cache *tc = pthread_getspecific(key);
	if (tc)
		return tc;
	tc = xcalloc(1, sizeof(*tc));
	pthread_setspecific(key, tc);
	tc->ctx =
	    pango_font_map_create_context(pango_cairo_font_map_get_default());
	/* the options of a PDF surface: outlines as designed, no hinting of
	 * shapes or metrics */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(tc->ctx, fo);
	cairo_font_options_destroy(fo);
	tc->fd = pango_font_description_from_string("Noto Sans");
	tc->cap = 1024;
	tc->e = xcalloc(tc->cap, sizeof(entry));
	return tc;
}

static void clear(cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		if (c->e[i].l) {
			g_object_unref(c->e[i].l);
			free(c->e[i].text);
		}
	memset(c->e, 0, c->cap * sizeof(entry));
	c->n = 0;
	c->bytes = 0;
}

static uint64_t key_hash(const char *s, size_t len, double size, int bold,
                         int italic, double width, int align)
{
	struct {
		double size, width;
		int bold, italic, align;
	} k;
	memset(&k, 0, sizeof(k));
	k.size = size;
	k.width = width;
	k.bold = bold;
	k.italic = italic;
	k.align = align;
	return hash64(s, len, hash64(&k, sizeof(k), 0x9e3779b97f4a7c15ULL));
}

static void grow(cache *c)
{
	size_t old = c->cap;
	entry *oe = c->e;
	c->cap *= 2;
	c->e = xcalloc(c->cap, sizeof(entry));
	for (size_t i = 0; i < old; i++) {
		if (!oe[i].l)
			continue;
		size_t j = oe[i].h & (c->cap - 1);
		while (c->e[j].l)
			j = (j + 1) & (c->cap - 1);
		c->e[j] = oe[i];
	}
	free(oe);
}

PangoLayout *rtext_layout(const char *s, double size, int bold, int italic,
                          double width, PangoAlignment align)
{
	cache *c = get();
	if (!s)
		s = "";
	if (width <= 0)
		width = -1;
	bold = !!bold;
	italic = !!italic;
	size_t len = strlen(s);
	uint64_t h = key_hash(s, len, size, bold, italic, width, (int)align);
	size_t j = h & (c->cap - 1);
	while (c->e[j].l) {
		entry *e = &c->e[j];
		if (e->h == h && e->size == size && e->width == width &&
		    e->bold == bold && e->italic == italic &&
		    e->align == (int)align && strcmp(e->text, s) == 0) {
			c->found++;
			return e->l;
		}
		j = (j + 1) & (c->cap - 1);
	}
	PangoLayout *l = pango_layout_new(c->ctx);
	pango_font_description_set_absolute_size(c->fd, size * PANGO_SCALE);
	pango_font_description_set_weight(c->fd, bold ? PANGO_WEIGHT_BOLD
	                                              : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(c->fd, italic ? PANGO_STYLE_ITALIC
	                                               : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(l, c->fd);
	pango_layout_set_width(l, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, s, (int)len);
	c->made++;
	c->e[j] =
	    (entry){h, size, width, bold, italic, (int)align, xstrdup(s), l};
	c->n++;
	c->bytes += len + 1;
	if (2 * c->n > c->cap)
		grow(c);
	return l;
}

double rtext_width(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

double rtext_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static cache *mine(void)
{
	pthread_once(&key_once, key_init);
	return pthread_getspecific(key);
}

int rtext_trim(void)
{
	cache *tc = mine();
	if (!tc || (tc->n <= MAX_LAYOUTS && tc->bytes <= MAX_TEXT_BYTES))
		return 0;
	clear(tc);
	return 1;
}

static void destroy(void *p)
{
	cache *tc = p;
	if (!tc)
		return;
	clear(tc);
	free(tc->e);
	pango_font_description_free(tc->fd);
	g_object_unref(tc->ctx);
	free(tc);
}

void rtext_release(void)
{
	cache *tc = mine();
	if (!tc)
		return;
	pthread_setspecific(key, NULL);
	destroy(tc);
}

void rtext_stats(long *made, long *found)
{
	cache *tc = mine();
	*made = tc ? tc->made : 0;
	*found = tc ? tc->found : 0;
}
