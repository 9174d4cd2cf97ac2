import GRDB

/// The schema, as named forward-only migrations. Once shipped, a migration is never edited:
/// a change is a new migration appended here.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-core") { db in
            try db.execute(sql: """
            CREATE TABLE sites (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                name TEXT,
                created_at TEXT NOT NULL
            );
            CREATE TABLE listings (
                id INTEGER PRIMARY KEY,
                site_id INTEGER NOT NULL REFERENCES sites(id),
                url TEXT NOT NULL,
                external_id TEXT,
                title TEXT,
                brand TEXT,
                seller TEXT,
                gtin TEXT,
                sku TEXT,
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL,
                UNIQUE (site_id, url)
            );
            CREATE INDEX listings_by_external_id ON listings(site_id, external_id);
            CREATE INDEX listings_by_sku ON listings(sku);
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY,
                job TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                status TEXT NOT NULL CHECK (status IN ('running','ok','alarms','failed','interrupted','incomplete')),
                stats_json TEXT,
                alarms_json TEXT,
                pid INTEGER,
                host TEXT
            );
            CREATE INDEX runs_by_job ON runs(job, started_at);
            -- Money is minor units (cents, fen; yen have none) with its ISO 4217 code: never a float.
            CREATE TABLE observations (
                id INTEGER PRIMARY KEY,
                listing_id INTEGER NOT NULL REFERENCES listings(id),
                run_id INTEGER REFERENCES runs(id),
                observed_at TEXT NOT NULL,
                price_minor INTEGER,
                currency TEXT,
                list_price_minor INTEGER,
                shipping_minor INTEGER,
                tax_included INTEGER,
                availability TEXT,
                sales_count INTEGER,
                sales_window TEXT,
                sales_lower_bound INTEGER,
                rating TEXT,
                review_count INTEGER,
                sources TEXT,
                missing TEXT
            );
            CREATE INDEX observations_by_listing ON observations(listing_id, observed_at);
            CREATE INDEX observations_by_time ON observations(observed_at);
            CREATE TABLE reviews (
                id INTEGER PRIMARY KEY,
                listing_id INTEGER NOT NULL REFERENCES listings(id),
                dedup_key TEXT NOT NULL,
                site_review_id TEXT,
                rating TEXT,
                posted_at TEXT,
                language TEXT,
                title TEXT,
                body TEXT NOT NULL,
                helpful_votes INTEGER,
                verified INTEGER,
                author_hash TEXT,
                first_seen TEXT NOT NULL,
                sentiment_score REAL,
                sentiment_label TEXT,
                aspects TEXT,
                UNIQUE (listing_id, dedup_key)
            );
            CREATE INDEX reviews_by_posted ON reviews(listing_id, posted_at);
            CREATE TABLE fetch_log (
                id INTEGER PRIMARY KEY,
                run_id INTEGER REFERENCES runs(id),
                url TEXT NOT NULL,
                status INTEGER,
                bytes INTEGER,
                ms INTEGER,
                tries INTEGER,
                outcome TEXT NOT NULL,
                fetched_at TEXT NOT NULL
            );
            CREATE INDEX fetch_log_by_run ON fetch_log(run_id);
            CREATE TABLE fx_rates (
                day TEXT NOT NULL,
                base TEXT NOT NULL,
                quote TEXT NOT NULL,
                rate TEXT NOT NULL,
                PRIMARY KEY (day, base, quote)
            );
            CREATE TABLE frontier (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                url TEXT NOT NULL,
                site TEXT NOT NULL,
                kind TEXT NOT NULL,
                depth INTEGER NOT NULL,
                parent TEXT,
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done','failed')),
                seq INTEGER NOT NULL,
                PRIMARY KEY (run_id, url)
            );
            CREATE INDEX frontier_pending ON frontier(run_id, state, seq);
            CREATE TABLE validators (
                url TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT
            );
            """)
        }
        m.registerMigration("v2-catalog") { db in
            try db.execute(sql: """
            CREATE TABLE catalog (
                sku TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                currency TEXT NOT NULL,
                cost_minor INTEGER NOT NULL,
                price_minor INTEGER NOT NULL,
                min_price_minor INTEGER,
                max_price_minor INTEGER,
                shipping_minor INTEGER,
                fees_pct TEXT,
                strategy TEXT,
                tags TEXT,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE catalog_matches (
                sku TEXT NOT NULL REFERENCES catalog(sku) ON DELETE CASCADE,
                site TEXT,
                external_id TEXT,
                url TEXT,
                UNIQUE (sku, site, external_id, url)
            );
            CREATE TABLE price_audit (
                id INTEGER PRIMARY KEY,
                reprice_run TEXT NOT NULL,
                sku TEXT NOT NULL,
                at TEXT NOT NULL,
                old_minor INTEGER NOT NULL,
                new_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                reason TEXT NOT NULL,
                undone INTEGER NOT NULL DEFAULT 0
            );
            """)
        }
        m.registerMigration("v3-rollup-and-views") { db in
            try db.execute(sql: """
            -- Old observations folded by `db compact`: one row per listing and day, min/max/last kept.
            CREATE TABLE daily_rollup (
                listing_id INTEGER NOT NULL REFERENCES listings(id),
                day TEXT NOT NULL,
                currency TEXT,
                last_minor INTEGER,
                min_minor INTEGER,
                max_minor INTEGER,
                last_availability TEXT,
                observations INTEGER NOT NULL,
                PRIMARY KEY (listing_id, day)
            );
            CREATE VIEW latest_observation AS
                SELECT s.key AS site, l.id AS listing_id, l.url, l.title, l.sku, o.observed_at,
                       o.price_minor, o.currency, o.list_price_minor, o.availability, o.sales_count, o.sales_window,
                       o.rating, o.review_count
                FROM observations o
                JOIN listings l ON l.id = o.listing_id
                JOIN sites s ON s.id = l.site_id
                WHERE o.id = (SELECT o2.id FROM observations o2 WHERE o2.listing_id = o.listing_id ORDER BY o2.observed_at DESC, o2.id DESC LIMIT 1);
            CREATE VIEW daily_price AS
                SELECT listing_id, day, currency,
                       (SELECT o2.price_minor FROM observations o2 WHERE o2.listing_id = g.listing_id AND substr(o2.observed_at, 1, 10) = g.day AND o2.price_minor IS NOT NULL ORDER BY o2.observed_at DESC LIMIT 1) AS last_minor,
                       min_minor, max_minor, observations
                FROM (SELECT listing_id, substr(observed_at, 1, 10) AS day, currency, MIN(price_minor) AS min_minor, MAX(price_minor) AS max_minor, COUNT(*) AS observations
                      FROM observations WHERE price_minor IS NOT NULL GROUP BY listing_id, day, currency) g
                UNION ALL
                SELECT listing_id, day, currency, last_minor, min_minor, max_minor, observations FROM daily_rollup;
            CREATE VIEW price_history AS
                SELECT substr(o.observed_at, 1, 10) AS day, o.observed_at, COALESCE(l.sku, l.gtin, l.url) AS product, s.key AS site,
                       l.id AS listing_id, o.price_minor, o.currency, o.availability
                FROM observations o JOIN listings l ON l.id = o.listing_id JOIN sites s ON s.id = l.site_id;
            CREATE VIEW weekly_reviews AS
                SELECT listing_id, strftime('%Y-W%W', posted_at) AS week, COUNT(*) AS reviews, AVG(CAST(rating AS REAL)) AS mean_rating
                FROM reviews WHERE posted_at IS NOT NULL GROUP BY listing_id, week;
            """)
        }
        m.registerMigration("v4-observations-append-only") { db in
            // Observations are written in batches of many listings at once. An index keyed by listing
            // puts each row of a batch on a different page, and every such page is written to the WAL
            // at each commit: at a million rows that index made inserts 3x slower. The table is now
            // append-only (rowid order), and the one per-listing question that must be fast - the
            // latest observation - is answered by `listing_latest`, one small row per listing. The
            // writer brings it up to date once per batch, in the batch's transaction (an insert
            // trigger cost a fifth of the insert rate); triggers handle deletes and updates.
            try db.execute(sql: """
            DROP INDEX observations_by_listing;
            DROP INDEX observations_by_time;
            CREATE TABLE listing_latest (
                listing_id INTEGER PRIMARY KEY,
                observation_id INTEGER NOT NULL,
                observed_at TEXT NOT NULL
            );
            INSERT INTO listing_latest (listing_id, observation_id, observed_at)
            SELECT listing_id, id, observed_at FROM (
                SELECT listing_id, id, observed_at, ROW_NUMBER() OVER (PARTITION BY listing_id ORDER BY observed_at DESC, id DESC) AS n
                FROM observations) WHERE n = 1;
            -- Deleting a listing's latest row falls back to its newest remaining one (a scan: deletions are rare,
            -- and `db compact` drops the pointers it makes stale before deleting, so it never gets here).
            CREATE TRIGGER observations_latest_on_delete AFTER DELETE ON observations
            WHEN (SELECT observation_id FROM listing_latest WHERE listing_id = OLD.listing_id) = OLD.id BEGIN
                DELETE FROM listing_latest WHERE listing_id = OLD.listing_id;
                INSERT INTO listing_latest (listing_id, observation_id, observed_at)
                SELECT listing_id, id, observed_at FROM observations WHERE listing_id = OLD.listing_id ORDER BY observed_at DESC, id DESC LIMIT 1;
            END;
            -- A changed time or listing: that listing's pointer (and the old one's) is worked out again.
            CREATE TRIGGER observations_latest_on_update AFTER UPDATE OF listing_id, observed_at ON observations BEGIN
                DELETE FROM listing_latest WHERE listing_id IN (OLD.listing_id, NEW.listing_id);
                INSERT INTO listing_latest (listing_id, observation_id, observed_at)
                SELECT listing_id, id, observed_at FROM (
                    SELECT listing_id, id, observed_at, ROW_NUMBER() OVER (PARTITION BY listing_id ORDER BY observed_at DESC, id DESC) AS n
                    FROM observations WHERE listing_id IN (OLD.listing_id, NEW.listing_id)) WHERE n = 1;
            END;
            DROP VIEW latest_observation;
            CREATE VIEW latest_observation AS
                SELECT s.key AS site, l.id AS listing_id, l.url, l.title, l.sku, o.observed_at,
                       o.price_minor, o.currency, o.list_price_minor, o.availability, o.sales_count, o.sales_window,
                       o.rating, o.review_count
                FROM listing_latest x
                JOIN observations o ON o.id = x.observation_id
                JOIN listings l ON l.id = x.listing_id
                JOIN sites s ON s.id = l.site_id;
            -- Two grouped passes instead of a per-day subquery (which needed the listing index); a filter
            -- on listing_id reaches both scans. The day's last price: the row with the largest
            -- (observed_at, id), whose bare column SQLite returns with a lone max().
            DROP VIEW daily_price;
            CREATE VIEW daily_price AS
                SELECT g.listing_id, g.day, g.currency, d.last_minor, g.min_minor, g.max_minor, g.observations
                FROM (SELECT listing_id, substr(observed_at, 1, 10) AS day, currency, MIN(price_minor) AS min_minor, MAX(price_minor) AS max_minor,
                             COUNT(*) AS observations
                      FROM observations WHERE price_minor IS NOT NULL GROUP BY listing_id, day, currency) g
                JOIN (SELECT listing_id, substr(observed_at, 1, 10) AS day, MAX(observed_at || printf('%020d', id)) AS newest, price_minor AS last_minor
                      FROM observations WHERE price_minor IS NOT NULL GROUP BY listing_id, day) d
                  ON d.listing_id = g.listing_id AND d.day = g.day
                UNION ALL
                SELECT listing_id, day, currency, last_minor, min_minor, max_minor, observations FROM daily_rollup;
            """)
        }
        m.registerMigration("v5-reviews-synced") { db in
            // A listing's review pages are skipped when its review count has not moved, which is only
            // safe against a count whose review pages were all fetched: a run stopped (SIGTERM, kill -9)
            // between a product page and its reviews, or review pages that failed, must not make the
            // next run skip them for good. NULL: never synced (the next run fetches them).
            try db.execute(sql: """
            ALTER TABLE listings ADD COLUMN reviews_synced_count INTEGER;
            ALTER TABLE listings ADD COLUMN reviews_synced_at TEXT;
            """)
        }
        m.registerMigration("v6-match-rejections") { db in
            // Pairs the merchant rejected in a `catalog match` sheet, never suggested again. Not tied
            // to the catalog by a foreign key: `catalog import` replaces the catalog's rows, and the
            // merchant's no must survive that. A listing is named by its site and its id there, or by
            // its URL ('' when not known, so the key has no NULLs, which UNIQUE would not compare).
            try db.execute(sql: """
            CREATE TABLE match_rejections (
                sku TEXT NOT NULL,
                site TEXT NOT NULL,
                external_id TEXT NOT NULL DEFAULT '',
                url TEXT NOT NULL DEFAULT '',
                confidence REAL,
                reason TEXT,
                rejected_at TEXT NOT NULL,
                PRIMARY KEY (sku, site, external_id, url)
            );
            """)
        }
        return m
    }
}
