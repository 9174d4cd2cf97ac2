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
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/encoding.h>
#include <string.h>
#include <libxml/parserInternals.h>

// xmlFree is a global function-pointer variable, which Swift 6 rejects as shared mutable state.
static inline void pw_xml_free(void *p) { xmlFree(p); }

// libxml2 prints parse and XPath errors to stderr by default; pricewatch reports its own. The
// handler is per thread in libxml2, so the default of threads that start later is set too.
static void pw_xml_ignore(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static void pw_xml_ignore_structured(void *ctx, xmlErrorPtr error) { (void)ctx; (void)error; }
static inline void pw_xml_silence(void) {
    xmlSetGenericErrorFunc(NULL, pw_xml_ignore);
    xmlThrDefSetGenericErrorFunc(NULL, pw_xml_ignore);
}
// An XPath context reports to its own handler (an exceeded operation limit, say), not stderr.
static inline void pw_xpath_silence(xmlXPathContextPtr ctx) { ctx->error = pw_xml_ignore_structured; }

// What one HTML parse may spend on work libxml2 does not bound itself, and why it stopped, all
// counted on libxml2's own numbers. HTML_PARSE_HUGE lifts libxml2's depth limit (256, past which
// it silently drops the rest of the page), so `max_depth` is enforced here instead. An end tag
// that closes nothing, or a misplaced <body>, makes libxml2 search every open element: those
// searches are charged to `search_work` (one per open element) and capped by `max_search_work`.
typedef struct {
    unsigned long max_depth;
    unsigned long max_search_work;
    unsigned long max_elements;
    unsigned long max_attributes;
    unsigned long max_attributes_per_element;
    /* the attributes of the element that was over max_attributes_per_element */
    unsigned long element_attributes;
    unsigned long search_work;
    unsigned long elements;
    unsigned long attributes;
    /* 0: not stopped; else a PW_HTML_STOPPED_ value */
    int stopped;
    int line;
    void *ctxt;
} pw_html_budget;

enum { PW_HTML_STOPPED_DEPTH = 1, PW_HTML_STOPPED_SEARCHES = 2, PW_HTML_STOPPED_ELEMENTS = 3, PW_HTML_STOPPED_ATTRIBUTES = 4,
       PW_HTML_STOPPED_ELEMENT_ATTRIBUTES = 5 };

static void pw_html_stop(htmlParserCtxtPtr c, pw_html_budget *b, int why, int line) {
    if (!b->stopped) { b->stopped = why; b->line = line; }
    // libxml2's documented way to end a parse from a callback.
    xmlStopParser(c);
}

// Called for every element libxml2 opens (implied html/body included), before it is built.
static void pw_html_start_element(void *ctx, const xmlChar *name, const xmlChar **atts) {
    htmlParserCtxtPtr c = (htmlParserCtxtPtr)ctx;
    pw_html_budget *b = (pw_html_budget *)c->_private;
    if (b != NULL) {
        unsigned long n = 0;
        for (const xmlChar **a = atts; a != NULL && *a != NULL; a += 2) n++;
        b->elements++;
        b->attributes += n;
        if (n > b->max_attributes_per_element) b->element_attributes = n;
        int why = (unsigned long)c->nameNr > b->max_depth ? PW_HTML_STOPPED_DEPTH
                : n > b->max_attributes_per_element ? PW_HTML_STOPPED_ELEMENT_ATTRIBUTES
                : b->elements > b->max_elements ? PW_HTML_STOPPED_ELEMENTS
                : b->attributes > b->max_attributes ? PW_HTML_STOPPED_ATTRIBUTES : 0;
        if (why) { pw_html_stop(c, b, why, xmlSAX2GetLineNumber(ctx)); return; }
    }
    xmlSAX2StartElement(ctx, name, atts);
}

// Every error of the parse comes here (set per thread around one parse). A tag-name mismatch is
// raised after libxml2 searched its open elements for an end tag's name, a structure error after
// it searched them for a <body>.
static void pw_html_on_error(void *data, xmlErrorPtr e) {
    pw_html_budget *b = (pw_html_budget *)data;
    if (b == NULL || e == NULL || e->ctxt != b->ctxt) return;
    // Only these two: libxml2 returns right after raising them, so stopping there is safe (after a
    // misplaced DOCTYPE, for one, it would read on in the freed input).
    int body = e->code == XML_HTML_STRUCURE_ERROR && e->str1 != NULL && strcmp(e->str1, "body") == 0;
    if (e->code != XML_ERR_TAG_NAME_MISMATCH && !body) return;
    htmlParserCtxtPtr c = (htmlParserCtxtPtr)b->ctxt;
    b->search_work += (unsigned long)c->nameNr;
    if (b->search_work > b->max_search_work) pw_html_stop(c, b, PW_HTML_STOPPED_SEARCHES, e->line);
}

// htmlCtxtReadMemory with the budget's hooks; the thread's own error handler is put back after.
// `halted` is set when libxml2 stopped before the end of the input for any reason (the hooks',
// or its own such as memory), so that a cut-short tree is never taken for the whole page.
static inline htmlDocPtr pw_html_read(htmlParserCtxtPtr ctxt, const char *buffer, int size, const char *url,
                                      const char *encoding, int options, pw_html_budget *budget, int *halted) {
    void *savedContext = xmlStructuredErrorContext;
    xmlStructuredErrorFunc savedHandler = xmlStructuredError;
    budget->ctxt = ctxt;
    ctxt->_private = budget;
    ctxt->sax->startElement = pw_html_start_element;
    xmlSetStructuredErrorFunc(budget, pw_html_on_error);
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, buffer, size, url, encoding, options);
    xmlSetStructuredErrorFunc(savedContext, savedHandler);
    *halted = ctxt->disableSAX != 0;
    ctxt->_private = NULL;
    ctxt->sax->startElement = xmlSAX2StartElement;
    budget->ctxt = NULL;
    return doc;
}

// The reason libxml2 gave for its last error (after a halted parse: why it halted).
static inline const char *pw_html_last_error(htmlParserCtxtPtr ctxt) { return ctxt->lastError.message; }
static inline int pw_html_last_error_line(htmlParserCtxtPtr ctxt) { return ctxt->lastError.line; }
#endif
