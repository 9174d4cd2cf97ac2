"""Peer: parsel (lxml) on the same saved demo product pages with selectors equivalent to
Selectors/demo-us.yml's product page - pages/s (JSON on stdout)."""
import json, os, sys, time
from importlib.metadata import version
from parsel import Selector

FIELDS = {
    "external_id": "#dp::attr(data-asin)",
    "title": "#productTitle::text",
    "brand": "#bylineInfo::text",
    "gtin": "#productDetails td.gtin::text",
    "price": "#corePrice span.a-price::attr(data-price)",
    "list_price": "#corePrice span.a-text-price span.a-offscreen::text",
    "availability": "#availability span::text",
    "sales": "#social-proofing-faceout-title-tk_bought::text",
    "rating": "#acrPopover span.a-icon-alt::text",
    "review_count": "#acrCustomerReviewText::text",
}
folder = sys.argv[1]
pages = [open(os.path.join(folder, f), encoding="utf-8").read() for f in sorted(os.listdir(folder)) if f.endswith(".html")]
t0 = time.perf_counter()
found = 0
for html in pages:
    sel = Selector(text=html)
    for css in FIELDS.values():
        if sel.css(css).get() is not None:
            found += 1
    sel.css("#see-all-reviews::attr(href)").get()
elapsed = time.perf_counter() - t0
print(json.dumps({"peer": "parsel", "version": version("parsel"), "pages": len(pages), "fields_found": found, "per_second": len(pages) / elapsed}))
