-- Privileges of the application role `peacenet_app` in a database whose schema is
-- owned by `peacenet_owner` (see docs/deployment.md). Run as `peacenet_owner` after
-- the first `peacenet migrate`; the default privileges cover tables that later
-- migrations create. The test suite runs these statements (with its own role
-- names) and checks what the application role can and cannot do.

GRANT USAGE ON SCHEMA public TO peacenet_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO peacenet_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO peacenet_app;
ALTER DEFAULT PRIVILEGES FOR ROLE peacenet_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO peacenet_app;
ALTER DEFAULT PRIVILEGES FOR ROLE peacenet_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO peacenet_app;
-- The service reads which migrations ran; only the owner records them.
REVOKE INSERT, UPDATE, DELETE ON seaql_migrations FROM peacenet_app;
