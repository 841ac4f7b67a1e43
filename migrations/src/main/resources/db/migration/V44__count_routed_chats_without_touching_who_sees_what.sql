-- Routing bumped department_version with every chat it gave an agent. V24 made any statement on department_agents
-- grow that version (memberships decide who sees which department, and every list's version, its ETag, includes it);
-- V36 then added department_agents.chats_routed, which route_queues updates for each chat it assigns (and for a chat
-- without a department, where the UPDATE matches no row, the statement trigger fired all the same). So every routed
-- chat made every list's ETag stale, and every routing transaction, whatever its queue, updated the one
-- department_version row and held its lock until commit: routing in one queue waited for routing in every other.
-- Measured on bench/routing.sh's database: department_version 3,319 after 3,299 routed chats.
--
-- A count of routed chats decides nothing about who sees what: only inserts, deletes and changes of a membership's
-- department or agent bump the version now.
SET LOCAL lock_timeout = '5s';

DROP TRIGGER department_agents_version ON department_agents;
CREATE TRIGGER department_agents_version
    AFTER INSERT OR DELETE OR UPDATE OF id, department_id, user_id OR TRUNCATE ON department_agents
    FOR EACH STATEMENT EXECUTE FUNCTION department_version_bump();
