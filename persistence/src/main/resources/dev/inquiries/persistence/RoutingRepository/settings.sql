-- The desk's routing settings (V36's desk_settings, one row).
SELECT s.routing_method, s.max_chats_per_agent
  FROM desk_settings AS s
