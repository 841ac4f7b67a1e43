-- Rocket.Chat's default roles and its default grants of the permissions this service checks.
SET LOCAL lock_timeout = '5s';

INSERT INTO roles (id, description) VALUES
    ('admin', 'Administrator'),
    ('user', 'Every registered user'),
    ('livechat-agent', 'Livechat agent'),
    ('livechat-manager', 'Livechat manager'),
    ('livechat-monitor', 'Livechat monitor');

INSERT INTO permissions (id, description) VALUES
    ('view-livechat-manager', 'List and manage the whole livechat queue'),
    ('view-l-room', 'See livechat rooms');

INSERT INTO role_permissions (role_id, permission_id) VALUES
    ('livechat-manager', 'view-livechat-manager'),
    ('livechat-monitor', 'view-livechat-manager'),
    ('admin', 'view-livechat-manager'),
    ('livechat-agent', 'view-l-room'),
    ('livechat-manager', 'view-l-room'),
    ('livechat-monitor', 'view-l-room'),
    ('admin', 'view-l-room');
