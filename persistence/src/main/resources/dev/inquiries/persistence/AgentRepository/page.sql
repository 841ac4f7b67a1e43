-- livechat/users/agent: a page of agents (V26's livechat_agents) with the total of the filter, in one statement
-- (one snapshot).
--   :text           part of the username or the name, case-insensitively, or NULL for any
--   :onlyAvailable  true: only agents whose statusLivechat is available
--   :excludeId      when not NULL, the user left out
--   :limit, :offset the page (:limit NULL: no limit)
--   <pageOrder>, <rowOrder>  the order over m and p (ListSort)
WITH matching AS MATERIALIZED (
     SELECT u.id, u.username, u.name, u.status_livechat, u.email, u.email_verified, u.livechat_max_chats
       FROM users u
      WHERE u.id IN (SELECT a.user_id FROM livechat_agents a)
        AND (CAST(:text AS text) IS NULL
             OR strpos(lower(u.username), lower(CAST(:text AS text))) > 0
             OR strpos(lower(u.name), lower(CAST(:text AS text))) > 0)
        AND (NOT :onlyAvailable OR u.status_livechat = 'available')
        AND (CAST(:excludeId AS text) IS NULL OR u.id <> CAST(:excludeId AS text)))
SELECT t.total, p.id, p.username, p.name, p.status_livechat, p.email, p.email_verified, p.livechat_max_chats
  FROM (SELECT count(*) AS total FROM matching) AS t
  LEFT JOIN LATERAL (
       SELECT m.id, m.username, m.name, m.status_livechat, m.email, m.email_verified, m.livechat_max_chats
         FROM matching m
        ORDER BY <pageOrder>
        LIMIT :limit OFFSET :offset) AS p ON true
 ORDER BY <rowOrder>
