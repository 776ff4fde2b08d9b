-- catalog.sql: the catalog (ARCHIVE/catalog.db), derived from the store
-- and the text cache.  `hoso reindex` makes it again from them, so nothing
-- here is the only copy of anything.  The schema's version is PRAGMA
-- user_version, set by the code (indexer/catalog.c) together with the
-- tokenizer's name: a catalog made by another version is rebuilt.

-- A dossier: one OCFL object.  HEAD is the last version the catalog has.
CREATE TABLE dossier (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- short id, QNA-2024-0012
  head    INTEGER NOT NULL,
  year    INTEGER                               -- the year in the id, if any
);

CREATE TABLE version (
  dossier   INTEGER NOT NULL REFERENCES dossier (id),
  number    INTEGER NOT NULL,
  created   TEXT NOT NULL,                      -- ISO 8601, as in the inventory
  message   TEXT,
  user_name TEXT,
  PRIMARY KEY (dossier, number)
) WITHOUT ROWID;

-- A content: the bytes of one or more files, by SHA-512.  Its text is
-- extracted and indexed once, whatever the number of files holding it.
CREATE TABLE content (
  id          INTEGER PRIMARY KEY,
  digest      TEXT NOT NULL UNIQUE,
  size        INTEGER NOT NULL,
  location    TEXT NOT NULL,       -- a stored copy, relative to store/
  text_status TEXT NOT NULL DEFAULT 'pending'
              CHECK (text_status IN ('pending', 'ok', 'unsupported', 'failed')),
  reason      TEXT,                -- why there is no text
  media_type  TEXT,
  type        TEXT,                -- pdf, docx, txt... (search's type:)
  pages       INTEGER,
  ocr_pages   INTEGER NOT NULL DEFAULT 0,  -- pages left for OCR
  title       TEXT,
  author      TEXT,
  created     TEXT,
  year        INTEGER,             -- of CREATED (search's year:)
  encoding    TEXT,                -- converted from: TCVN3, VNI, UTF-16LE...
  signatures  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX content_by_status ON content (text_status);

-- A file of a version: every version's whole state, so any version can be
-- listed; search looks at the head versions.
CREATE TABLE file (
  dossier INTEGER NOT NULL REFERENCES dossier (id),
  version INTEGER NOT NULL,
  path    TEXT NOT NULL,
  content INTEGER NOT NULL REFERENCES content (id),
  PRIMARY KEY (dossier, version, path)
) WITHOUT ROWID;
CREATE INDEX file_by_content ON file (content, dossier, version);

-- A page of a content's text (a text file or a sheet is one page).  Its id
-- is the content's id times 2^20 plus the page number, so a hit leads to
-- its content without a lookup here, and the rows stay out of the way of
-- ranking; the text is read only for the hits shown.
CREATE TABLE page (
  id      INTEGER PRIMARY KEY,     -- content * 1048576 + number
  text    TEXT NOT NULL
);

-- The full-text index of the pages, with hoso's Vietnamese tokenizer
-- (indexer/tokenizer.c); the text itself stays in PAGE.
CREATE VIRTUAL TABLE page_text USING fts5 (
  text,
  content = 'page',
  content_rowid = 'id',
  tokenize = '@TOKENIZER@'
);
