-- Each agent's load against its capacity (V36's agent_loads), by username.
SELECT l.user_id, l.username, l.status_livechat, l.open_chats, l.capacity, l.chats_routed, l.last_routed_at
  FROM agent_loads AS l
 ORDER BY l.username COLLATE "C", l.user_id
