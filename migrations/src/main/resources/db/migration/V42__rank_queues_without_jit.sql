SET LOCAL lock_timeout = '5s';
-- Visitors' spots are ranked a whole queue at a time (V39's queue_positions, on every pass of the room streams' feed
-- and in livechat/config). Measured on one department of 10,000 waiting chats (bench/rooms.sh, 2026-12-03): the
-- ranking took about 700 ms, of which 4-50 ms were the work and the rest PostgreSQL compiling it with JIT, because
-- the planner's estimate (14 million rows: desk_settings, one row that autovacuum never analyzes, taken for 740)
-- passed jit_above_cost; under load it ran past the statement timeout, the live queue's follower lost its session,
-- and every visitor's room was read again, over and over. A queue of 100,000 waiting chats passes jit_above_cost
-- with an exact estimate too. So the ranking functions never compile with JIT (its compile costs more than a
-- ranking of any queue saves), and desk_settings gets its statistics once (it always holds one row).
ALTER FUNCTION queue_spots(text[]) SET jit = off;
ALTER FUNCTION queue_service(text[]) SET jit = off;
ALTER FUNCTION queue_positions(text[]) SET jit = off;
ANALYZE desk_settings;
