-- A bulk UPDATE of inquiries ran in time quadratic in its rows in any session that had updated a few rows before:
-- 4,000 chats closed in one statement took 4.0-5.0 s after two single-row updates in the same session, 0.2 s in a
-- fresh one; 25,365 took 170 s (bench/routing.sh's clean-up). The statement triggers that join the transition
-- tables (old_rows to new_rows, by id) keep the plan PL/pgSQL made at their first run in the session, sized for the
-- rows of that run: a nested loop for one row, then applied to thousands (16 million pairs for 4,000 rows). A
-- pooled session, the service's or any application's, has always run small updates first.
-- These functions now plan without nested loops: their joins are hash or merge joins, as cheap for one row and linear
-- for many. What they call to route and to check capacity plans as every other statement does.
SET LOCAL lock_timeout = '5s';

ALTER FUNCTION chat_events_after_update() SET enable_nestloop = off;
ALTER FUNCTION queue_heads_after_update() SET enable_nestloop = off;
ALTER FUNCTION capacity_after_update() SET enable_nestloop = off;
ALTER FUNCTION routing_after_update() SET enable_nestloop = off;
ALTER FUNCTION routing_after_user_update() SET enable_nestloop = off;
ALTER FUNCTION routing_after_department_update() SET enable_nestloop = off;

ALTER FUNCTION route_queues(text[]) SET enable_nestloop = on;
ALTER FUNCTION agent_queues(text[]) SET enable_nestloop = on;
ALTER FUNCTION agent_check_capacity(text, text) SET enable_nestloop = on;
ALTER FUNCTION queue_heads_admit(text, timestamptz) SET enable_nestloop = on;
