/* attest-test-schema.h — turns a database of this version back into one of
 * schema 1, to test upgrades: schema 2 added the curation index, schema 3
 * the citations' kind and cover, their tombstones and the analysts' outlets,
 * schema 4 the import records of documents read from PDF, DOCX, ODT, EPUB
 * and web pages, schema 5 the indexes of live claims, schema 6 the index of
 * the history by time. */
#pragma once

#define ATTEST_TEST_MAKE_VERSION_1 \
  "DROP INDEX history_curation;" \
  "ALTER TABLE citations DROP COLUMN kind;" \
  "ALTER TABLE citations DROP COLUMN cover_start;" \
  "ALTER TABLE citations DROP COLUMN cover_end;" \
  "DROP INDEX citations_by_source;" \
  "DROP TABLE citation_tombstones;" \
  "DROP TABLE outlets;" \
  "DROP TABLE document_extractions;" \
  "DROP INDEX claims_live_by_document;" \
  "DROP INDEX claims_live_by_category;" \
  "DROP INDEX history_by_time;" \
  "PRAGMA user_version = 1"
