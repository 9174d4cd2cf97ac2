// The only C surface of libxml2 that Swift sees.
#ifndef PRICEWATCH_CLIBXML2_SHIM_H
#define PRICEWATCH_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU; its headers would pull in the system ICU, which clashes
// with Foundation's private copy ("'UErrorCode' has different definitions").
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>

// xmlFree is a global function-pointer variable, which Swift 6 rejects as shared mutable state.
static inline void pw_xml_free(void *p) { xmlFree(p); }

// libxml2 prints parse and XPath errors to stderr by default; pricewatch reports its own.
static void pw_xml_ignore(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void pw_xml_silence(void) { xmlSetGenericErrorFunc(NULL, pw_xml_ignore); }
#endif
