-- livechat/config: the spot of the room :rid and the estimate of its wait, while its inquiry is queued (no row
-- otherwise), ranked in its queue by V39's queue_positions.
SELECT p.inquiry_id, p.rid, p.department_key, p.spot, p.estimated_wait_seconds
  FROM queue_positions(ARRAY(SELECT coalesce(i.department_id, '') FROM inquiries AS i
                              WHERE i.rid = :rid AND i.status = 'queued')) AS p
 WHERE p.rid = :rid
