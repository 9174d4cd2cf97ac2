#if Postgres
/// The PostgreSQL schema, as named forward-only steps recorded in `pricewatch_migrations`.
/// It mirrors the SQLite schema's concepts (sites, listings, observations, reviews, runs,
/// fetch_log, fx_rates, frontier, catalog, price_audit, daily_rollup and the four analyst views),
/// with money as BIGINT minor units, ratings and FX rates as NUMERIC, times as TIMESTAMPTZ, plus the
/// shared frontier's leases and the per-host permits that keep politeness across workers.
enum PostgresSchema {
    /// The tables `db stats` counts, in its order.
    static let tables = ["sites", "listings", "observations", "daily_rollup", "reviews", "runs", "fetch_log", "frontier", "host_permits",
                         "fx_rates", "validators", "catalog", "catalog_matches", "price_audit"]

    static let migrations: [(id: String, sql: String)] = [
        ("pg1-core", """
        CREATE TABLE sites (
            id BIGSERIAL PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE TABLE listings (
            id BIGSERIAL PRIMARY KEY,
            site_id BIGINT NOT NULL REFERENCES sites(id),
            url TEXT NOT NULL,
            external_id TEXT, title TEXT, brand TEXT, seller TEXT, gtin TEXT, sku TEXT,
            first_seen TIMESTAMPTZ NOT NULL,
            last_seen TIMESTAMPTZ NOT NULL,
            UNIQUE (site_id, url)
        );
        CREATE INDEX listings_by_external_id ON listings(site_id, external_id);
        CREATE INDEX listings_by_sku ON listings(sku);
        CREATE TABLE runs (
            id BIGSERIAL PRIMARY KEY,
            job TEXT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL,
            finished_at TIMESTAMPTZ,
            status TEXT NOT NULL CHECK (status IN ('running','ok','alarms','failed','interrupted','incomplete')),
            stats_json TEXT,
            alarms_json TEXT,
            pid BIGINT,
            host TEXT,
            host_concurrency INTEGER NOT NULL DEFAULT 4,
            host_delay_ms BIGINT NOT NULL DEFAULT 0
        );
        CREATE INDEX runs_by_job ON runs(job, started_at);
        CREATE TABLE observations (
            id BIGSERIAL PRIMARY KEY,
            listing_id BIGINT NOT NULL REFERENCES listings(id),
            run_id BIGINT REFERENCES runs(id),
            observed_at TIMESTAMPTZ NOT NULL,
            price_minor BIGINT,
            currency TEXT,
            list_price_minor BIGINT,
            shipping_minor BIGINT,
            tax_included BOOLEAN,
            availability TEXT,
            sales_count BIGINT,
            sales_window TEXT,
            sales_lower_bound BOOLEAN,
            rating NUMERIC,
            review_count BIGINT,
            sources TEXT,
            missing TEXT
        );
        CREATE INDEX observations_by_listing ON observations(listing_id, observed_at);
        CREATE INDEX observations_by_time ON observations(observed_at);
        CREATE TABLE reviews (
            id BIGSERIAL PRIMARY KEY,
            listing_id BIGINT NOT NULL REFERENCES listings(id),
            dedup_key TEXT NOT NULL,
            site_review_id TEXT,
            rating NUMERIC,
            posted_at TIMESTAMPTZ,
            language TEXT,
            title TEXT,
            body TEXT NOT NULL,
            helpful_votes BIGINT,
            verified BOOLEAN,
            author_hash TEXT,
            first_seen TIMESTAMPTZ NOT NULL,
            sentiment_score DOUBLE PRECISION,
            sentiment_label TEXT,
            aspects TEXT,
            UNIQUE (listing_id, dedup_key)
        );
        CREATE INDEX reviews_by_posted ON reviews(listing_id, posted_at);
        CREATE TABLE fetch_log (
            id BIGSERIAL PRIMARY KEY,
            run_id BIGINT REFERENCES runs(id),
            url TEXT NOT NULL,
            status INTEGER, bytes BIGINT, ms BIGINT, tries INTEGER,
            outcome TEXT NOT NULL,
            fetched_at TIMESTAMPTZ NOT NULL,
            worker TEXT
        );
        CREATE INDEX fetch_log_by_run ON fetch_log(run_id);
        CREATE TABLE fx_rates (
            day TEXT NOT NULL, base TEXT NOT NULL, quote TEXT NOT NULL, rate NUMERIC NOT NULL,
            PRIMARY KEY (day, base, quote)
        );
        -- The shared frontier: a URL is pending, leased by one worker until lease_until, then done or failed.
        CREATE TABLE frontier (
            run_id BIGINT NOT NULL REFERENCES runs(id),
            url TEXT NOT NULL,
            site TEXT NOT NULL,
            kind TEXT NOT NULL,
            depth INTEGER NOT NULL,
            parent TEXT,
            host TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','leased','done','failed')),
            seq BIGSERIAL,
            lease_owner TEXT,
            lease_until TIMESTAMPTZ,
            leases INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (run_id, url)
        );
        CREATE INDEX frontier_claimable ON frontier(host, seq) WHERE state IN ('pending','leased');
        CREATE INDEX frontier_by_run ON frontier(run_id, state);
        -- One row per concurrent request a competitor host allows, whichever worker holds it.
        CREATE TABLE host_permits (
            host TEXT NOT NULL,
            slot INTEGER NOT NULL,
            holder TEXT,
            lease_until TIMESTAMPTZ,
            next_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            delay_ms BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (host, slot)
        );
        CREATE TABLE validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);
        CREATE TABLE catalog (
            sku TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            currency TEXT NOT NULL,
            cost_minor BIGINT NOT NULL,
            price_minor BIGINT NOT NULL,
            min_price_minor BIGINT,
            max_price_minor BIGINT,
            shipping_minor BIGINT,
            fees_pct NUMERIC,
            strategy TEXT,
            tags TEXT,
            updated_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE catalog_matches (
            id BIGSERIAL PRIMARY KEY,
            sku TEXT NOT NULL REFERENCES catalog(sku) ON DELETE CASCADE,
            site TEXT, external_id TEXT, url TEXT,
            UNIQUE NULLS NOT DISTINCT (sku, site, external_id, url)
        );
        CREATE TABLE price_audit (
            id BIGSERIAL PRIMARY KEY,
            reprice_run TEXT NOT NULL,
            sku TEXT NOT NULL,
            at TIMESTAMPTZ NOT NULL,
            old_minor BIGINT NOT NULL,
            new_minor BIGINT NOT NULL,
            currency TEXT NOT NULL,
            reason TEXT NOT NULL,
            undone BOOLEAN NOT NULL DEFAULT false
        );
        CREATE TABLE daily_rollup (
            listing_id BIGINT NOT NULL REFERENCES listings(id),
            day TEXT NOT NULL,
            currency TEXT,
            last_minor BIGINT, min_minor BIGINT, max_minor BIGINT,
            last_availability TEXT,
            observations BIGINT NOT NULL,
            PRIMARY KEY (listing_id, day)
        );
        CREATE VIEW latest_observation AS
            SELECT DISTINCT ON (o.listing_id) s.key AS site, l.id AS listing_id, l.url, l.title, l.sku, o.observed_at,
                   o.price_minor, o.currency, o.list_price_minor, o.availability, o.sales_count, o.sales_window, o.rating, o.review_count
            FROM observations o JOIN listings l ON l.id = o.listing_id JOIN sites s ON s.id = l.site_id
            ORDER BY o.listing_id, o.observed_at DESC, o.id DESC;
        CREATE VIEW daily_price AS
            SELECT listing_id, day, currency,
                   (array_agg(price_minor ORDER BY observed_at DESC, id DESC))[1] AS last_minor,
                   MIN(price_minor) AS min_minor, MAX(price_minor) AS max_minor, COUNT(*) AS observations
            FROM (SELECT o.*, to_char(o.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM observations o WHERE o.price_minor IS NOT NULL) g
            GROUP BY listing_id, day, currency
            UNION ALL
            SELECT listing_id, day, currency, last_minor, min_minor, max_minor, observations FROM daily_rollup;
        CREATE VIEW price_history AS
            SELECT to_char(o.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, o.observed_at, COALESCE(l.sku, l.gtin, l.url) AS product,
                   s.key AS site, l.id AS listing_id, o.price_minor, o.currency, o.availability
            FROM observations o JOIN listings l ON l.id = o.listing_id JOIN sites s ON s.id = l.site_id;
        CREATE VIEW weekly_reviews AS
            -- week as SQLite's strftime('%Y-W%W'): weeks start on Monday, days before the year's first Monday are W00.
            SELECT listing_id, week, COUNT(*) AS reviews, AVG(rating) AS mean_rating
            FROM (SELECT listing_id, rating, to_char(d, 'YYYY') || '-W' ||
                         lpad(((extract(doy FROM d)::int + 6 - (extract(isodow FROM d)::int - 1)) / 7)::text, 2, '0') AS week
                  FROM (SELECT listing_id, rating, (posted_at AT TIME ZONE 'UTC')::date AS d FROM reviews WHERE posted_at IS NOT NULL) r) w
            GROUP BY listing_id, week;
        """),
        // As SQLite's v5-reviews-synced: the review count at which a listing's review pages were last
        // all fetched; NULL = never (the next run fetches them).
        ("pg2-reviews-synced", """
        ALTER TABLE listings ADD COLUMN reviews_synced_count BIGINT;
        ALTER TABLE listings ADD COLUMN reviews_synced_at TIMESTAMPTZ;
        """),
    ]
}
#endif
