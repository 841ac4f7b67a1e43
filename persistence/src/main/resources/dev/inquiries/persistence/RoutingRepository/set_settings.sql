-- Changes the desk's routing method (:method) and limit of open chats per agent (:maxChats, 0 = none); NULL keeps
-- one as it is. V36's trigger routes every queue at once in this statement when the change lets chats be served.
UPDATE desk_settings AS s
   SET routing_method = coalesce(CAST(:method AS text), s.routing_method),
       max_chats_per_agent = coalesce(CAST(:maxChats AS integer), s.max_chats_per_agent),
       updated_at = now()
RETURNING s.routing_method, s.max_chats_per_agent
