-- The queue's trigger functions (V4) name their tables and each other without a schema, and PL/pgSQL looks
-- names up in the search path of whoever writes. A writer whose path lacks the service's schema (a DBA
-- importing into inquiries.inquiries from psql, an analyst's role) would make them fail, or find another
-- schema's table of the same name. Pin each to the schema Flyway migrates (DB_SCHEMA).
SET LOCAL lock_timeout = '5s';

ALTER FUNCTION queue_counts_add(text, bigint) SET search_path = "${flyway:defaultSchema}";
ALTER FUNCTION queue_counts_after_insert() SET search_path = "${flyway:defaultSchema}";
ALTER FUNCTION queue_counts_after_delete() SET search_path = "${flyway:defaultSchema}";
ALTER FUNCTION queue_counts_after_update() SET search_path = "${flyway:defaultSchema}";
ALTER FUNCTION queue_counts_after_truncate() SET search_path = "${flyway:defaultSchema}";
ALTER FUNCTION department_version_bump() SET search_path = "${flyway:defaultSchema}";
