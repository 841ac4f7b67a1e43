-- Changes the desk's routing method (:method), limit of open chats per agent (:maxChats, 0 = none), longest queue
-- wait (:maxQueueWait minutes, 0 = none) and queue order (:sorting); NULL keeps one as it is. V36's trigger routes
-- every queue at once in this statement when the change lets chats be served.
UPDATE desk_settings AS s
   SET routing_method = coalesce(CAST(:method AS text), s.routing_method),
       max_chats_per_agent = coalesce(CAST(:maxChats AS integer), s.max_chats_per_agent),
       max_queue_wait_minutes = coalesce(CAST(:maxQueueWait AS integer), s.max_queue_wait_minutes),
       sorting_mechanism = coalesce(CAST(:sorting AS text), s.sorting_mechanism),
       updated_at = now()
RETURNING s.routing_method, s.max_chats_per_agent, s.max_queue_wait_minutes, s.sorting_mechanism
