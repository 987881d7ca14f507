"""The store's schema, as an ordered list of migrations.

Migration N brings a database from schema version N-1 to N; ``PRAGMA user_version`` holds
the version a database is at. Migrations are only ever appended: a released one is never
edited, so every database can be brought forward from whatever version it has.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: articles with provenance, quarantine, near-duplicates, runs, full-text search
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        command TEXT NOT NULL,
        summary TEXT                      -- JSON counts, written when the run ends
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,        -- sha256 of the normalised text
        text TEXT NOT NULL,
        title TEXT,
        outlet TEXT,
        url TEXT,
        published TEXT,
        language TEXT,
        dateline_place TEXT,
        dateline_date TEXT,
        dateline_agency TEXT,
        removed TEXT NOT NULL DEFAULT '[]',   -- JSON: lines cleaning took out
        minhash BLOB,                     -- MinHash signature, uint32 little-endian
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_language ON articles(language);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE provenance (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL UNIQUE,      -- path, path:line, path#record-id or URL
        article_id INTEGER NOT NULL REFERENCES articles(id),
        record_id TEXT,                   -- WARC-Record-ID, feed item id
        format TEXT,
        encoding TEXT,
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX provenance_article ON provenance(article_id);
    CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL UNIQUE,
        reason TEXT NOT NULL,             -- storytrace.errors.REASONS code, or 'duplicate'
        detail TEXT,
        duplicate_of INTEGER REFERENCES articles(id),
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX quarantine_reason ON quarantine(reason);
    CREATE TABLE near_duplicates (
        article_id INTEGER NOT NULL REFERENCES articles(id),
        of_article_id INTEGER NOT NULL REFERENCES articles(id),
        similarity REAL NOT NULL,         -- estimated Jaccard similarity of word shingles
        PRIMARY KEY (article_id, of_article_id)
    );
    CREATE TABLE finished_inputs (
        name TEXT PRIMARY KEY,            -- a file read to its end (path as given, resolved)
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TABLE analyses (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        model TEXT NOT NULL,              -- which pipeline and encoder produced it
        sentences TEXT NOT NULL,          -- JSON [[start, end], ...]
        entities TEXT NOT NULL,           -- JSON [[start, end, label], ...]
        embeddings BLOB NOT NULL          -- float16 little-endian, one row per sentence
    );
    """,
    # 2: stories (grouping features, members, merges) and reused passages
    """
    CREATE TABLE story_features (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        version TEXT NOT NULL,            -- storytrace.stories.features.FEATURES_VERSION
        features BLOB NOT NULL            -- StoryFeatures.to_blob()
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),   -- the run that opened it
        merged_into INTEGER REFERENCES stories(id)     -- set when a later run merged it
    );
    CREATE TABLE story_articles (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        story_id INTEGER NOT NULL REFERENCES stories(id),
        score REAL NOT NULL,              -- mean link to the story when it joined (0: opened it)
        position INTEGER NOT NULL,        -- order in which articles were grouped
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE reused_passages (
        source_id INTEGER NOT NULL REFERENCES articles(id),
        source_start INTEGER NOT NULL,
        source_end INTEGER NOT NULL,
        target_id INTEGER NOT NULL REFERENCES articles(id),
        target_start INTEGER NOT NULL,
        target_end INTEGER NOT NULL,
        tokens INTEGER NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (source_id, source_start, target_id, target_start)
    );
    CREATE INDEX reused_passages_target ON reused_passages(target_id);
    """,
    # 3: quotations extracted from each article, kept until the extractor changes
    """
    CREATE TABLE article_quotes (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        version TEXT NOT NULL,            -- storytrace.quotes.extract.EXTRACTOR_VERSION
        quotes TEXT NOT NULL              -- JSON, storytrace.store.quotes
    );
    """,
    # 4: what each story's quotations amount to, for `storytrace quotes` without a story
    """
    CREATE TABLE story_quote_tallies (
        story_id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,                -- storytrace.store.quote_tallies.tally_key
        tally TEXT NOT NULL               -- JSON: quotes, shared, speakers
    );
    """,
    # 5: headline embeddings for the same-story fit of `storytrace show`
    """
    CREATE TABLE headline_vectors (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        version TEXT NOT NULL,            -- storytrace.nlp.title_embeddings.HEADLINE_VERSION
        vector BLOB NOT NULL              -- float16 little-endian; empty: the article has no title
    );
    """,
    # 6: what kind of time ``published`` is, where each metadata field came from, and
    # whether an article is a full article or a feed summary
    """
    ALTER TABLE articles ADD COLUMN published_kind TEXT;   -- published/updated/crawled/dateline
    ALTER TABLE articles ADD COLUMN basis TEXT NOT NULL DEFAULT '{}';  -- JSON {field: basis}
    ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'article';  -- or 'summary'
    CREATE INDEX articles_kind ON articles(kind);
    """,
    # 7: each grouped article's fit in its story (its strongest link with another member)
    """
    ALTER TABLE story_articles ADD COLUMN fit REAL;   -- NULL: alone in its story
    """,
    # 8: each story's pair alignments, for `storytrace show` (storytrace.store.alignments)
    """
    CREATE TABLE story_alignments (
        story_id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,                -- storytrace.store.alignments.alignment_key
        alignments BLOB NOT NULL          -- zlib-compressed JSON, one record per pair
    );
    """,
    # 9: the near-duplicate index (MinHash LSH bands, storytrace.ingest.dedupe) in the store,
    # filled from the signatures of the articles already stored: 14 bands of 9 values (36
    # bytes of ``articles.minhash``), each keyed by its first 8 bytes
    """
    CREATE TABLE minhash_bands (
        band INTEGER NOT NULL,            -- 0 to 13
        key BLOB NOT NULL,                -- the band's first 2 values, uint32 little-endian
        article_id INTEGER NOT NULL REFERENCES articles(id),
        PRIMARY KEY (band, key, article_id)
    ) WITHOUT ROWID;
    WITH RECURSIVE bands(band) AS (SELECT 0 UNION ALL SELECT band + 1 FROM bands WHERE band < 13)
    INSERT INTO minhash_bands(band, key, article_id)
    SELECT bands.band, substr(articles.minhash, bands.band * 36 + 1, 8), articles.id
    FROM articles, bands
    WHERE length(articles.minhash) = 512;   -- 128 values: every signature ingest writes
    """,
    # 10: a person's corrections of the grouping (storytrace.store.corrections)
    """
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,               -- 'merge' or 'move'
        story_id INTEGER NOT NULL REFERENCES stories(id),         -- merged away / moved from
        target_story_id INTEGER NOT NULL REFERENCES stories(id),  -- merged into / moved to
        article_ids TEXT NOT NULL,        -- JSON list of the articles it moved
        made_by TEXT NOT NULL,
        made_at TEXT NOT NULL,            -- ISO 8601, UTC
        undone_by TEXT,
        undone_at TEXT
    );
    """,
    # 11: ingest jobs started from the web workspace or the API (storytrace.store.jobs)
    """
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        inputs TEXT NOT NULL,             -- JSON list: stored uploads' paths and URLs
        group_stories INTEGER NOT NULL,   -- 1: group the new articles into stories after
        state TEXT NOT NULL,              -- preparing, queued, running, done, failed, interrupted
        stage TEXT NOT NULL DEFAULT '',   -- what a running job is doing, for a person
        progress TEXT NOT NULL DEFAULT '{}',  -- JSON counts of its ingest so far
        error TEXT,
        pid INTEGER,                      -- the process running it
        made_by TEXT NOT NULL,
        created TEXT NOT NULL,
        started TEXT,
        finished TEXT,
        attempts INTEGER NOT NULL DEFAULT 0
    );
    -- a person's marks: a derivation edge or a quotation's speaker is wrong (kind 'edge',
    -- 'speaker'); what they name: {"source", "target"} or {"start", "end", "speaker",
    -- "correct"}
    ALTER TABLE corrections ADD COLUMN detail TEXT NOT NULL DEFAULT '{}';
    -- each story's derivation count, kept when its graph is derived, for the story list
    CREATE TABLE story_graph_tallies (
        story_id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,                -- storytrace.store.graph_tallies.graph_key
        derivations INTEGER NOT NULL
    );
    -- each story's view as the workspace shows it, kept until the story changes
    CREATE TABLE story_views (
        story_id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,                -- storytrace.store.story_views.view_keys
        parts BLOB NOT NULL               -- zlib-compressed JSON: {name: text}
    );
    CREATE TABLE job_runs (
        job_id INTEGER NOT NULL REFERENCES jobs(id),
        run_id INTEGER NOT NULL REFERENCES runs(id),
        PRIMARY KEY (job_id, run_id)
    );
    """,
    # 12: articles' openings read by the second encoder, for links across languages
    # (storytrace.store.openings)
    """
    CREATE TABLE opening_vectors (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        version TEXT NOT NULL,            -- storytrace.stories.openings.OPENING_VERSION
        vector BLOB NOT NULL              -- float16 little-endian, 384 values
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
