/* attest-store-schema.h — the database schema, one migration per version.
 *
 * Private to attest-store.c (the only file that speaks SQL). Entry N takes a
 * database from user_version N to N+1; a new database runs them all. Never
 * edit a released step: add a new one and bump ATTEST_STORE_SCHEMA_VERSION.
 */
#pragma once

static const char * const attest_store_migrations[] = {
  /* 0 → 1: the first schema. */
  "CREATE TABLE annotators ("
  "  id    INTEGER PRIMARY KEY,"
  "  uuid  TEXT NOT NULL UNIQUE,"
  "  name  TEXT NOT NULL UNIQUE"
  ");"
  "CREATE TABLE documents ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  sha256      TEXT NOT NULL UNIQUE,"
  "  title       TEXT,"
  "  publication TEXT,"
  "  volume      TEXT,"
  "  issue       TEXT,"
  "  author      TEXT,"
  "  date        TEXT,"
  "  origin      TEXT,"
  "  format      TEXT NOT NULL,"
  "  encoding    TEXT NOT NULL,"
  "  length      INTEGER NOT NULL,"
  "  body_start  INTEGER NOT NULL DEFAULT 0,"
  "  imported    TEXT NOT NULL,"
  "  version     INTEGER NOT NULL DEFAULT 1,"
  /* Last: reading a column after a long text walks its overflow pages,
   * which made listing and searching slow. */
  "  text        TEXT NOT NULL"
  ");"
  /* External-content FTS5 index over the documents, kept by triggers. */
  "CREATE VIRTUAL TABLE documents_fts USING fts5("
  "  title, text, content='documents', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN"
  "  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);"
  "END;"
  "CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN"
  "  INSERT INTO documents_fts (documents_fts, rowid, title, text)"
  "    VALUES ('delete', old.id, old.title, old.text);"
  "END;"
  "CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN"
  "  INSERT INTO documents_fts (documents_fts, rowid, title, text)"
  "    VALUES ('delete', old.id, old.title, old.text);"
  "  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);"
  "END;"
  "CREATE TABLE categories ("
  "  id          INTEGER PRIMARY KEY,"
  "  key         TEXT NOT NULL UNIQUE,"
  "  label       TEXT NOT NULL,"
  "  description TEXT,"
  "  color       TEXT NOT NULL,"
  "  shortcut    INTEGER CHECK (shortcut BETWEEN 0 AND 9),"
  "  parent_key  TEXT REFERENCES categories (key),"
  "  retired     INTEGER NOT NULL DEFAULT 0,"
  "  position    INTEGER NOT NULL,"
  "  version     INTEGER NOT NULL DEFAULT 1,"
  "  modified    TEXT NOT NULL"
  ");"
  "CREATE TABLE claims ("
  "  id           INTEGER PRIMARY KEY,"
  "  uuid         TEXT NOT NULL UNIQUE,"
  "  document_id  INTEGER NOT NULL REFERENCES documents (id),"
  "  start        INTEGER NOT NULL,"
  "  \"end\"        INTEGER NOT NULL,"
  "  quote        TEXT NOT NULL,"
  "  category_id  INTEGER NOT NULL REFERENCES categories (id),"
  "  annotator_id INTEGER NOT NULL REFERENCES annotators (id),"
  "  created      TEXT NOT NULL,"
  "  modified     TEXT NOT NULL,"
  /* Written with OR, not IN (…): an IN list makes SQLite build a temporary
   * table on every insert, which made bulk imports three times slower. */
  "  status       TEXT NOT NULL DEFAULT 'draft'"
  "               CHECK (status = 'draft' OR status = 'accepted' OR status = 'rejected'),"
  "  certainty    TEXT CHECK (certainty IS NULL OR certainty = 'low' OR certainty = 'medium'"
  "               OR certainty = 'high' OR certainty = 'unknown'),"
  "  comment      TEXT,"
  "  version      INTEGER NOT NULL DEFAULT 1,"
  "  deleted      INTEGER NOT NULL DEFAULT 0,"  /* a tombstone, never removed */
  "  CHECK (start >= 0 AND start < \"end\")"
  ");"
  "CREATE INDEX claims_by_document ON claims (document_id, start);"
  "CREATE INDEX claims_by_category ON claims (category_id);"
  "CREATE INDEX claims_by_annotator ON claims (annotator_id);"
  "CREATE TABLE sources ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  document_id INTEGER REFERENCES documents (id),"  /* NULL: an outside source */
  "  outlet      TEXT,"
  "  place       TEXT,"
  "  date_text   TEXT,"
  "  date_when   TEXT,"
  "  url         TEXT,"
  "  title       TEXT,"
  "  reliability TEXT,"
  "  created     TEXT NOT NULL,"
  "  CHECK (outlet IS NOT NULL OR title IS NOT NULL OR url IS NOT NULL)"
  ");"
  "CREATE INDEX sources_by_document ON sources (document_id);"
  "CREATE TABLE citations ("
  "  id               INTEGER PRIMARY KEY,"
  "  uuid             TEXT NOT NULL UNIQUE,"
  "  document_id      INTEGER NOT NULL REFERENCES documents (id),"
  "  source_id        INTEGER NOT NULL REFERENCES sources (id),"
  "  start            INTEGER NOT NULL,"
  "  \"end\"            INTEGER NOT NULL,"
  "  text             TEXT NOT NULL,"
  "  closes_paragraph INTEGER NOT NULL DEFAULT 0,"
  "  paragraph_start  INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX citations_by_document ON citations (document_id, start);"
  "CREATE TABLE claim_sources ("
  "  claim_id     INTEGER NOT NULL REFERENCES claims (id),"
  "  source_id    INTEGER NOT NULL REFERENCES sources (id),"
  "  annotator_id INTEGER NOT NULL REFERENCES annotators (id),"
  "  created      TEXT NOT NULL,"
  "  PRIMARY KEY (claim_id, source_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX claim_sources_by_source ON claim_sources (source_id);"
  "CREATE TABLE history ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  at          TEXT NOT NULL,"
  "  annotator   TEXT NOT NULL,"
  "  entity      TEXT NOT NULL,"
  "  entity_uuid TEXT NOT NULL,"
  "  action      TEXT NOT NULL,"
  "  field       TEXT,"
  "  old_value   TEXT,"
  "  new_value   TEXT"
  ");"
  "CREATE INDEX history_by_entity ON history (entity_uuid);",

  /* 1 → 2: which claims curation made ("curate"/"origin" entries) is asked
   * of every claim by agreement, statistics and the TEI export; without
   * this small index each asks the whole history of the claim. Only an
   * index: a version 1 file can still be read as it is (see
   * ATTEST_STORE_READABLE_FROM). */
  "CREATE INDEX IF NOT EXISTS history_curation ON history (entity_uuid, field, old_value)"
  "  WHERE action = 'curate';",

  /* 2 → 3: how each citation was found (a dateline, a reporting verb, a
   * source line, marked by hand) and the text it attributes. Citations
   * before this were parentheses covering their paragraph up to them. */
  "ALTER TABLE citations ADD COLUMN kind TEXT NOT NULL DEFAULT 'parenthesis'"
  "  CHECK (kind = 'parenthesis' OR kind = 'dateline' OR kind = 'reporting'"
  "  OR kind = 'source-line' OR kind = 'marked');"
  "ALTER TABLE citations ADD COLUMN cover_start INTEGER;"
  "ALTER TABLE citations ADD COLUMN cover_end INTEGER;"
  "UPDATE citations SET cover_start = paragraph_start, cover_end = \"end\" + 1;"
  /* Listings count each source's citations: without this, a count per
   * source read every citation (16,000 datelines took 10 s to show). */
  "CREATE INDEX citations_by_source ON citations (source_id);"
  /* A citation an analyst removed: kept so that merging a copy that still
   * has it, or scanning the text again, does not bring it back. */
  "CREATE TABLE citation_tombstones ("
  "  uuid        TEXT NOT NULL PRIMARY KEY,"
  "  document_id INTEGER NOT NULL REFERENCES documents (id),"
  "  source_uuid TEXT NOT NULL,"
  "  start       INTEGER NOT NULL,"
  "  \"end\"       INTEGER NOT NULL,"
  "  text        TEXT NOT NULL,"
  "  outlet      TEXT,"
  "  kind        TEXT NOT NULL,"
  "  cover_start INTEGER NOT NULL,"
  "  cover_end   INTEGER NOT NULL,"
  "  closes_paragraph INTEGER NOT NULL,"
  "  paragraph_start  INTEGER NOT NULL,"
  "  removed     TEXT NOT NULL"
  ");"
  "CREATE INDEX citation_tombstones_by_document ON citation_tombstones (document_id, start);"
  /* Outlets and variants the analysts added to the shipped list
   * (data/outlets.txt): @name is known as @canonical. */
  "CREATE TABLE outlets ("
  "  name      TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,"
  "  canonical TEXT NOT NULL,"
  "  annotator TEXT NOT NULL,"
  "  created   TEXT NOT NULL"
  ") WITHOUT ROWID;",

  /* 3 → 4: what the import of a PDF, Word file, e-book or web page left
   * out (running headers, page numbers, page furniture), as JSON counts;
   * see attest_document_dup_import_summary(). A table of its own, so
   * a version 3 file can still be read as it is. */
  "CREATE TABLE document_extractions ("
  "  document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,"
  "  facts       TEXT NOT NULL CHECK (json_valid (facts))"
  ");",

  /* 4 → 5: the live claims of each document and of each category, counted
   * whenever the window opens (the article list, the taxonomy) and after
   * every edit; without these each count read every claim row to see
   * that it is not deleted: half a second each for a million claims.
   * Only indexes: a version 4 file can still be read as it is. */
  "CREATE INDEX IF NOT EXISTS claims_live_by_document ON claims (document_id) WHERE NOT deleted;"
  "CREATE INDEX IF NOT EXISTS claims_live_by_category ON claims (category_id) WHERE NOT deleted;",

  /* 5 → 6: the history in the order a TEI export writes it (time, then
   * author; the row id follows in the index). Without it the export
   * sorted every entry, a third of a second for a million. Entries are
   * added in about this order, so keeping it costs an append each. Only
   * an index: a version 5 file can still be read as it is. */
  "CREATE INDEX IF NOT EXISTS history_by_time ON history (at, annotator);",
};
