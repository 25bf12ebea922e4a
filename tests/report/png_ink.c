// SPDX-License-Identifier: GPL-2.0
/*
 * png_ink FILE.png: print the number of pixels that differ from the
 * top-left (background) pixel, so a test can tell a rendered page from a
 * blank one. Reads 8-bit RGB/RGBA/grey non-interlaced PNGs (what Chromium's
 * --screenshot writes). Exit 0 with the count, 2 on a file it cannot read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

static int fail(const char *what)
{
	fprintf(stderr, "png_ink: %s\n", what);
	return 2;
}

int main(int argc, char **argv)
{
	static const unsigned char sig[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };
	unsigned char hdr[8], *idat = NULL, *raw, *prev, *cur;
	size_t nidat = 0, bpp, stride;
	uint32_t w = 0, h = 0;
	unsigned long long ink = 0;
	uLongf rawlen;
	FILE *f;

	if (argc != 2)
		return fail("usage: png_ink FILE.png");
	f = fopen(argv[1], "rb");
	if (!f || fread(hdr, 1, 8, f) != 8 || memcmp(hdr, sig, 8))
		return fail("not a PNG file");
	bpp = 0;
	for (;;) {
		unsigned char lt[8], *data;
		uint32_t len;

		if (fread(lt, 1, 8, f) != 8)
			return fail("truncated PNG");
		len = be32(lt);
		data = malloc(len + 4);
		if (!data || fread(data, 1, len + 4, f) != len + 4)
			return fail("truncated PNG chunk");
		if (!memcmp(lt + 4, "IHDR", 4)) {
			w = be32(data);
			h = be32(data + 4);
			if (data[8] != 8 || data[12] != 0)
				return fail("only 8-bit non-interlaced PNGs");
			bpp = data[9] == 6 ? 4 : data[9] == 2 ? 3 :
			      data[9] == 0 ? 1 : 0;
			if (!bpp)
				return fail("unsupported colour type");
		} else if (!memcmp(lt + 4, "IDAT", 4)) {
			idat = realloc(idat, nidat + len);
			if (!idat)
				return fail("out of memory");
			memcpy(idat + nidat, data, len);
			nidat += len;
		} else if (!memcmp(lt + 4, "IEND", 4)) {
			free(data);
			break;
		}
		free(data);
	}
	fclose(f);
	if (!w || !h || !bpp)
		return fail("no IHDR");
	stride = w * bpp;
	rawlen = (stride + 1) * h;
	raw = malloc(rawlen);
	prev = calloc(stride, 1);
	if (!raw || !prev || uncompress(raw, &rawlen, idat, nidat) != Z_OK ||
	    rawlen != (stride + 1) * h)
		return fail("bad image data");
	for (uint32_t y = 0; y < h; y++) {
		unsigned char ft = raw[y * (stride + 1)];

		cur = raw + y * (stride + 1) + 1;
		for (size_t x = 0; x < stride; x++) {
			int a = x >= bpp ? cur[x - bpp] : 0, b = prev[x];
			int c = x >= bpp ? prev[x - bpp] : 0;

			switch (ft) {
			case 0: break;
			case 1: cur[x] += a; break;
			case 2: cur[x] += b; break;
			case 3: cur[x] += (a + b) / 2; break;
			case 4: cur[x] += paeth(a, b, c); break;
			default: return fail("bad filter type");
			}
		}
		/* unfiltered rows stay in place: prev points into raw */
		prev = cur;
	}
	for (uint32_t y = 0; y < h; y++) {
		const unsigned char *row = raw + y * (stride + 1) + 1;

		for (uint32_t x = 0; x < w; x++)
			if (memcmp(row + x * bpp, raw + 1, bpp))
				ink++;
	}
	printf("%llu\n", ink);
	return 0;
}
