-- livechat/inquiry.setSLA: gives the queued inquiry of the room :roomId the SLA :sla (by id or name, V37's sla_id_of)
-- for the caller :callerId, in one conditional UPDATE that names the caller as its actor and re-checks, on the row's
-- newest version, that it is still queued and that the caller sees it (getOne's rule). Its estimate becomes the SLA's
-- due time (V37's foreign key keeps them equal): a 'changed' event of the stream. The other columns tell the refusals
-- apart from the statement's snapshot: no queued inquiry (error-invalid-inquiry) before no such SLA.
--   <restricted>  whether the caller is a restricted monitor (QueueVisibility)
--   <sees>        whether the caller sees the inquiry i (QueueVisibility's getOne rule)
WITH caller AS MATERIALIZED (
         SELECT CAST(:callerId AS text) AS user_id, <restricted> AS restricted,
                set_config('inquiries.actor', :callerId, true) AS actor),
     target AS MATERIALIZED (
         SELECT i.id
           FROM inquiries AS i, caller AS c
          WHERE i.rid = :roomId AND inquiry_is_queued(i.status) AND <sees>
          ORDER BY i.ts DESC, i.id COLLATE "C" DESC
          LIMIT 1),
     sla AS MATERIALIZED (
         SELECT s.id, s.due_time_minutes FROM slas AS s WHERE s.id = sla_id_of(CAST(:sla AS text))),
     changed AS (
         UPDATE inquiries AS i
            SET sla_id = s.id, estimated_waiting_time_queue = s.due_time_minutes
           FROM caller AS c, target AS t, sla AS s
          WHERE i.id = t.id AND inquiry_is_queued(i.status) AND <sees>
         RETURNING i.id)
SELECT EXISTS (SELECT 1 FROM target)  AS found,
       EXISTS (SELECT 1 FROM sla)     AS known,
       EXISTS (SELECT 1 FROM changed) AS changed
