-- The live and dead rows of the tables :tables of the service's schema, as PostgreSQL's statistics last counted them.
SELECT relname AS table_name, n_live_tup AS live, n_dead_tup AS dead
  FROM pg_stat_user_tables
 WHERE schemaname = current_schema() AND relname = ANY(CAST(:tables AS text[]))
 ORDER BY relname
