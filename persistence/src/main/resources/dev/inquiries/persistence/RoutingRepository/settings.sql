-- The desk's routing settings (V36's and V38's desk_settings, one row).
SELECT s.routing_method, s.max_chats_per_agent, s.max_queue_wait_minutes, s.sorting_mechanism
  FROM desk_settings AS s
