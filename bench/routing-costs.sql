-- What routing one chat costs inside PostgreSQL, piece by piece (bench/routing.sh runs it; BENCHMARKS.md, "Routing"):
-- the functions V36/V38 call for each intake under an automatic method, each timed over 200 calls in one session
-- (after the first, which plans), in a transaction that is rolled back (its ALTER TABLE too). Run on the routing database with no chat
-- waiting and every agent on duty with room: routing_candidate then looks at every agent. Since V51 routing no longer
-- calls routing_candidate, next_waiting_chat or assign_inquiry (a queue is routed in one pass, route_queue): these
-- figures are the per-chat path's, kept to compare with; the intake floors below time the pass as the service runs it.
BEGIN;
DO $$
DECLARE
    started timestamptz;
    agent text;
    calls constant integer := 200;
    method constant text := (SELECT s.routing_method FROM desk_settings AS s);
BEGIN
    agent := routing_candidate(method, NULL, NULL, '{}');
    PERFORM * FROM next_waiting_chat('', '{}');
    started := clock_timestamp();
    FOR i IN 1..calls LOOP
        agent := routing_candidate(method, NULL, NULL, '{}');
    END LOOP;
    RAISE NOTICE 'routing_candidate(%, no department) over % agents on duty: % ms a call', method,
        (SELECT count(*) FROM agents_on_duty), round(extract(epoch FROM clock_timestamp() - started) * 1000 / calls, 3);
    started := clock_timestamp();
    FOR i IN 1..calls LOOP
        PERFORM agent_within_capacity(agent, NULL, 1);
    END LOOP;
    RAISE NOTICE 'agent_within_capacity: % ms a call',
        round(extract(epoch FROM clock_timestamp() - started) * 1000 / calls, 3);
    started := clock_timestamp();
    FOR i IN 1..calls LOOP
        PERFORM * FROM next_waiting_chat('', '{}');
    END LOOP;
    RAISE NOTICE 'next_waiting_chat (none waiting): % ms a call',
        round(extract(epoch FROM clock_timestamp() - started) * 1000 / calls, 3);
    started := clock_timestamp();
    FOR i IN 1..calls LOOP
        PERFORM route_queues(ARRAY['']);
    END LOOP;
    RAISE NOTICE 'route_queues of a queue with none waiting: % ms a call',
        round(extract(epoch FROM clock_timestamp() - started) * 1000 / calls, 3);
    started := clock_timestamp();
    FOR i IN 1..calls LOOP
        PERFORM agent_hold(agent);
    END LOOP;
    RAISE NOTICE 'agent_hold: % ms a call', round(extract(epoch FROM clock_timestamp() - started) * 1000 / calls, 3);
END;
$$;
-- Routing one waiting chat, and the assignment alone: chats inserted with the routing trigger off (inside this
-- transaction only), then routed by hand.
ALTER TABLE inquiries DISABLE TRIGGER inquiries_route_insert;
DO $$
DECLARE
    started timestamptz;
    routing interval := '0';
    assigning interval := '0';
    agent text;
    calls constant integer := 100;
BEGIN
    FOR i IN 1..calls LOOP
        INSERT INTO inquiries (id, rid, name, ts, status, queued_at)
        VALUES ('costs-r' || i, 'costs-r' || i, 'costs', now(), 'queued', now());
        started := clock_timestamp();
        PERFORM route_queues(ARRAY['']);
        routing := routing + (clock_timestamp() - started);
        agent := routing_candidate((SELECT s.routing_method FROM desk_settings AS s), NULL, NULL, '{}');
        INSERT INTO inquiries (id, rid, name, ts, status, queued_at)
        VALUES ('costs-a' || i, 'costs-a' || i, 'costs', now(), 'queued', now());
        started := clock_timestamp();
        PERFORM assign_inquiry('costs-a' || i, agent);
        assigning := assigning + (clock_timestamp() - started);
    END LOOP;
    RAISE NOTICE 'route_queues routing one waiting chat: % ms a call',
        round(extract(epoch FROM routing) * 1000 / calls, 3);
    RAISE NOTICE 'assign_inquiry alone (its UPDATE and that statement''s triggers): % ms a call',
        round(extract(epoch FROM assigning) * 1000 / calls, 3);
END;
$$;
ROLLBACK;
