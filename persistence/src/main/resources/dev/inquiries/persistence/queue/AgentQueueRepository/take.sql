-- inquiries.take: every check of a take and the take itself in one statement. The checks read the statement's
-- snapshot and make at most one claim (:inquiryId for the taker, :takerId or the caller); the claim goes to V29's
-- assign_inquiry, the one assignment, which takes the row only while it is queued, re-checked on the row's newest
-- version after waiting for a concurrent take's lock: of concurrent takes exactly one finds it queued. The claim is
-- materialized first, so nothing is assigned unless every check passed. The service decides the outcome from the
-- checks in the contract's order, a missing assignment last.
--   <caller>   the caller as a one-row relation (permitted, user_id, restricted) (CallerCheck)
--   <manager>  whether the caller holds view-livechat-manager (QueueVisibility)
--   <finds>    whether a take by the caller finds the inquiry i (QueueVisibility)
--   <record>   record.sql
WITH caller AS MATERIALIZED (<caller>),
     flags AS MATERIALIZED (
         SELECT <manager> AS manager, coalesce(:takerId, c.user_id) AS taker_id
           FROM caller AS c),
     taker AS MATERIALIZED (
         SELECT u.id, EXISTS (SELECT 1 FROM agents_on_duty a WHERE a.user_id = u.id) AS available
           FROM users AS u, flags AS f
          WHERE u.id = f.taker_id),
     target AS MATERIALIZED (
         SELECT i.id, i.status
           FROM inquiries AS i, caller AS c
          WHERE i.id = :inquiryId AND c.permitted AND <finds>),
     claim AS MATERIALIZED (
         SELECT t.id AS inquiry_id, k.id AS agent_id
           FROM target AS t, taker AS k, caller AS c, flags AS f
          WHERE k.available AND c.permitted AND (k.id = c.user_id OR f.manager)),
     taken AS MATERIALIZED (
         SELECT a.* FROM claim AS m CROSS JOIN LATERAL assign_inquiry(m.inquiry_id, m.agent_id) AS a)
SELECT c.permitted, f.manager, f.taker_id = c.user_id AS for_self, k.id IS NOT NULL AS taker_exists,
       coalesce(k.available, false) AS taker_available,
       t.id IS NOT NULL AS found, coalesce(inquiry_is_queued(t.status), false) AS found_queued, <record>
  FROM caller AS c
 CROSS JOIN flags AS f
  LEFT JOIN taker AS k ON true
  LEFT JOIN target AS t ON true
  LEFT JOIN taken AS i ON true
  LEFT JOIN users AS da ON da.id = i.default_agent_id
  LEFT JOIN users AS tb ON tb.id = i.taken_by
  LEFT JOIN visitors AS vi ON vi.id = i.visitor_id
