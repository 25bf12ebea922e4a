// SPDX-License-Identifier: GPL-2.0
/* table_render(): the format's renderer, see render.h. */
#include "render.h"

int table_render(FILE *f, const struct table *t, enum table_format fmt)
{
	switch (fmt) {
	case FMT_TEXT:
		return render_text(f, t);
	case FMT_MD:
		return render_md(f, t);
	case FMT_TEX:
		return render_tex(f, t);
	case FMT_HTML:
		return render_html(f, t);
	}
	return -1;
}
