// zlib and the brotli encoder: the loopback server's Content-Encoding (demo shops and tests), and
// reading saved .html.gz pages.
#ifndef PRICEWATCH_CCOMPRESS_SHIM_H
#define PRICEWATCH_CCOMPRESS_SHIM_H
#include <zlib.h>
#include <brotli/encode.h>

// deflateInit2 and inflateInit2 are macros; Swift cannot call them.
static inline int pw_deflate_init_gzip(z_stream *s, int level) {
    return deflateInit2(s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
// Reads gzip (and, like gzip -d, a bare zlib stream: 15 + 32 detects either).
static inline int pw_inflate_init_gzip(z_stream *s) {
    return inflateInit2(s, 15 + 32);
}
#endif
