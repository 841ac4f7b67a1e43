-- Sets the agent :userId's statusLivechat to :status, or to the other one when :status is NULL, in one statement so
-- that concurrent toggles each flip it once. Agents only (V26's livechat_agents): no row for anyone else.
UPDATE users u
   SET status_livechat = coalesce(CAST(:status AS text),
                                  CASE u.status_livechat WHEN 'available' THEN 'not-available'
                                                         ELSE 'available' END)
 WHERE u.id = :userId
   AND u.id IN (SELECT a.user_id FROM livechat_agents a)
RETURNING u.status_livechat
