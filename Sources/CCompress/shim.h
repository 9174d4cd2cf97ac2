// zlib and the brotli encoder, for the loopback server's Content-Encoding (demo shops and tests).
#ifndef PRICEWATCH_CCOMPRESS_SHIM_H
#define PRICEWATCH_CCOMPRESS_SHIM_H
#include <zlib.h>
#include <brotli/encode.h>

// deflateInit2 is a macro; Swift cannot call it.
static inline int pw_deflate_init_gzip(z_stream *s, int level) {
    return deflateInit2(s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
