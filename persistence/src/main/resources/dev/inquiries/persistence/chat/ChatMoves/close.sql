-- room.closeByUser: the one statement that closes the room :rid for the user :callerId. The UPDATE decides: it closes
-- only an open room that the caller serves or may close for others (<oversees>, :oversight close-others-livechat-room),
-- and only with a comment where one is required; PostgreSQL re-checks all of it on the row's newest version after
-- waiting for a concurrent move's lock, so a forward or return that commits first is seen, never slipped past.
-- The other columns tell the refusals apart from the statement's snapshot (target.sql).
WITH target AS MATERIALIZED (<target>),
     moved AS (
         UPDATE inquiries AS i
            SET status = 'closed', closed_at = now(), closer = 'user', closed_by = :callerId,
                close_comment = CAST(:comment AS text), close_tags = CAST(:tags AS text[])
          WHERE i.rid = :rid
            AND i.status <> 'closed'
            AND NOT :commentMissing
            AND ((i.status = 'taken' AND i.taken_by = :callerId) OR <oversees>)
         RETURNING i.id)
SELECT i.id IS NOT NULL                                                           AS found,
       coalesce(i.status = 'closed', false)                                       AS closed,
       coalesce((i.status = 'taken' AND i.taken_by = :callerId) OR <oversees>, false) AS authorized,
       true                                                                       AS served,
       true                                                                       AS target_known,
       false                                                                      AS same_target,
       (SELECT count(*) FROM moved)                                               AS moved
  FROM (SELECT 1) AS one
  LEFT JOIN target AS i ON true
