"""Peer: a Scrapy spider reading the same product pages with the same selectors as
Selectors/demo-us.yml (price through price-parser, as a Scrapy user would). Run by bench/crawl_bench.py:

    scrapy runspider bench/peers/scrapy_spider.py -a urls=URLS.txt -o items.jsonl -s CONCURRENT_REQUESTS=16 ...
"""
import scrapy
from price_parser import Price


class DemoUSSpider(scrapy.Spider):
    name = "demo_us"
    custom_settings = {
        "ROBOTSTXT_OBEY": False,
        "HTTPCACHE_ENABLED": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "RETRY_TIMES": 3,
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": True,
    }

    def __init__(self, urls=None, **kw):
        super().__init__(**kw)
        self.url_file = urls

    def _requests(self):
        with open(self.url_file) as f:
            for line in f:
                url = line.strip()
                if url:
                    yield scrapy.Request(url, callback=self.parse_product, dont_filter=True)

    async def start(self):  # Scrapy >= 2.13
        for r in self._requests():
            yield r

    def start_requests(self):  # older Scrapy
        yield from self._requests()

    def parse_product(self, response):
        price_text = response.css("#corePrice span.a-price::attr(data-price)").get() \
            or " ".join(response.css("#corePrice span.a-price:not(.a-text-price) ::text").getall())
        price = Price.fromstring(price_text or "", currency_hint="USD")
        list_price = Price.fromstring(response.css("#corePrice span.a-text-price span.a-offscreen::text").get() or "")
        yield {
            "url": response.url,
            "external_id": response.css("#dp::attr(data-asin)").get(),
            "title": (response.css("#productTitle::text").get() or "").strip(),
            "brand": response.css("#bylineInfo::text").re_first(r"Visit the (.+) Store"),
            "gtin": response.css("#productDetails td.gtin::text").get(),
            "price": str(price.amount) if price.amount is not None else None,
            "currency": price.currency,
            "list_price": str(list_price.amount) if list_price.amount is not None else None,
            "availability": (response.css("#availability span::text").get() or "").strip(),
            "sales": response.css("#social-proofing-faceout-title-tk_bought::text").get(),
            "rating": response.css("#acrPopover span.a-icon-alt::text").get(),
            "review_count": response.css("#acrCustomerReviewText::text").get(),
        }
