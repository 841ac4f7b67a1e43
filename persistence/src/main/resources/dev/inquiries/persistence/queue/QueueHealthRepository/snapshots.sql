-- Every snapshot that holds back cleanup in this database: sessions in it, WAL senders (a standby's
-- hot_standby_feedback; they belong to no database), prepared transactions and replication slots; the age of its
-- start in seconds where PostgreSQL shows it (NULL otherwise). Autovacuum's own snapshots hold back no cleanup;
-- PostgreSQL names a session's kind only to its role and to holders of pg_read_all_stats, so without that an
-- autovacuum worker counts too.
SELECT 'session ' || pid || ' ' || backend_xmin AS holder, age(backend_xmin) AS transactions,
       extract(epoch FROM now() - xact_start) AS seconds
  FROM pg_stat_activity
 WHERE backend_xmin IS NOT NULL AND pid <> pg_backend_pid()
   AND backend_type IS DISTINCT FROM 'autovacuum worker'
   AND (datname = current_database() OR datname IS NULL)
UNION ALL
SELECT 'prepared ' || gid, age(transaction), extract(epoch FROM now() - prepared)
  FROM pg_prepared_xacts
 WHERE database = current_database()
UNION ALL
SELECT 'slot ' || slot_name || ' ' || coalesce(xmin, catalog_xmin), greatest(age(xmin), age(catalog_xmin)), NULL
  FROM pg_replication_slots
 WHERE xmin IS NOT NULL OR catalog_xmin IS NOT NULL
