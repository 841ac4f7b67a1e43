-- Sets the agent :username's own limit of open chats (:maxChats, 0 = the desk's applies). Agents only (V26's
-- livechat_agents): no row for anyone else. Raising it routes the agent's queues at once (V36's trigger on users).
UPDATE users AS u
   SET livechat_max_chats = CAST(:maxChats AS integer)
 WHERE u.username = :username
   AND u.id IN (SELECT a.user_id FROM livechat_agents AS a)
RETURNING u.username, u.livechat_max_chats
