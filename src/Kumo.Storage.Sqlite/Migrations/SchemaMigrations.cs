namespace Kumo.Storage.Sqlite.Migrations;

/// <summary>
/// The SQLite schema, as the ordered list of steps that build it. Add a step at the end; never change
/// one that has shipped, because data directories out there already ran it.
/// </summary>
internal static class SchemaMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "platform settings", """
            CREATE TABLE platform_settings (
                key        TEXT PRIMARY KEY NOT NULL,
                value      TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) STRICT;
            """),
        new(2, "functions, invocation records and log lines", """
            CREATE TABLE functions (
                tenant_id                 TEXT NOT NULL,
                name                      TEXT NOT NULL,
                runtime                   TEXT NOT NULL,
                handler                   TEXT NOT NULL,
                role                      TEXT,
                description               TEXT NOT NULL,
                memory_mb                 INTEGER NOT NULL,
                timeout_seconds           INTEGER NOT NULL,
                ephemeral_storage_mb      INTEGER NOT NULL,
                environment               TEXT NOT NULL,
                code_sha256               TEXT NOT NULL,
                code_size                 INTEGER NOT NULL,
                state                     TEXT NOT NULL,
                state_reason              TEXT,
                last_update_status        TEXT NOT NULL,
                last_update_status_reason TEXT,
                revision_id               TEXT NOT NULL,
                last_modified             TEXT NOT NULL,
                tags                      TEXT NOT NULL,
                reserved_concurrency      INTEGER,
                PRIMARY KEY (tenant_id, name)
            ) STRICT;
            CREATE INDEX functions_pending ON functions (tenant_id, name) WHERE state = 'Pending' OR last_update_status = 'InProgress';
            CREATE INDEX functions_by_package ON functions (code_sha256);

            CREATE TABLE invocations (
                tenant_id          TEXT NOT NULL,
                request_id         TEXT NOT NULL,
                trace_id           TEXT NOT NULL,
                function_name      TEXT NOT NULL,
                version            TEXT NOT NULL,
                triggered_by       TEXT NOT NULL,
                started_at         TEXT NOT NULL,
                init_duration_ms   REAL,
                duration_ms        REAL NOT NULL,
                billed_duration_ms INTEGER NOT NULL,
                memory_size_mb     INTEGER NOT NULL,
                max_memory_used_mb INTEGER,
                cold               INTEGER NOT NULL CHECK (cold IN (0, 1)),
                outcome            TEXT NOT NULL,
                error_type         TEXT,
                error_message      TEXT,
                attempt            INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
                PRIMARY KEY (tenant_id, request_id, attempt)
            ) STRICT;
            CREATE INDEX invocations_by_tenant ON invocations (tenant_id, started_at);
            CREATE INDEX invocations_by_function ON invocations (tenant_id, function_name, started_at);
            CREATE INDEX invocations_by_start ON invocations (started_at);

            CREATE TABLE log_lines (
                seq           INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant_id     TEXT NOT NULL,
                function_name TEXT NOT NULL,
                request_id    TEXT NOT NULL,
                timestamp     TEXT NOT NULL,
                text          TEXT NOT NULL
            ) STRICT;
            CREATE INDEX log_lines_by_request ON log_lines (tenant_id, request_id);
            CREATE INDEX log_lines_by_function ON log_lines (tenant_id, function_name, seq);
            """),
        new(3, "asynchronous event queue", """
            CREATE TABLE async_events (
                tenant_id       TEXT NOT NULL,
                request_id      TEXT NOT NULL,
                function_name   TEXT NOT NULL,
                qualifier       TEXT,
                payload         BLOB NOT NULL,
                amzn_trace_id   TEXT,
                trace_parent    TEXT,
                enqueued_at     TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                attempts        INTEGER NOT NULL,
                status          TEXT NOT NULL,
                lease_owner     TEXT,
                lease_until     TEXT,
                last_error      TEXT,
                finished_at     TEXT,
                PRIMARY KEY (tenant_id, request_id)
            ) STRICT;
            CREATE INDEX async_events_due ON async_events (status, next_attempt_at);
            CREATE INDEX async_events_leases ON async_events (status, lease_until);
            """),
        new(4, "asynchronous invocation configurations", """
            CREATE TABLE event_invoke_configs (
                tenant_id                 TEXT NOT NULL,
                function_name             TEXT NOT NULL,
                qualifier                 TEXT NOT NULL,
                maximum_retry_attempts    INTEGER,
                maximum_event_age_seconds INTEGER,
                on_success_destination    TEXT,
                on_failure_destination    TEXT,
                last_modified             TEXT NOT NULL,
                PRIMARY KEY (tenant_id, function_name, qualifier)
            ) STRICT;
            """),
        new(5, "idempotency keys of asynchronous invocations", """
            CREATE TABLE idempotency_keys (
                tenant_id       TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                request_id      TEXT NOT NULL,
                claimed_at      TEXT NOT NULL,
                PRIMARY KEY (tenant_id, idempotency_key)
            ) STRICT;
            CREATE INDEX idempotency_keys_by_claim ON idempotency_keys (claimed_at);
            """),
        new(6, "results of asynchronous invocations", """
            ALTER TABLE async_events ADD COLUMN result BLOB;
            """),
        new(7, "idempotency keys of synchronous invocations, with their responses", """
            ALTER TABLE idempotency_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'Event';
            ALTER TABLE idempotency_keys ADD COLUMN function_name TEXT;
            ALTER TABLE idempotency_keys ADD COLUMN response BLOB;
            ALTER TABLE idempotency_keys ADD COLUMN function_error TEXT;
            ALTER TABLE idempotency_keys ADD COLUMN executed_version TEXT;
            ALTER TABLE idempotency_keys ADD COLUMN log TEXT;
            ALTER TABLE idempotency_keys ADD COLUMN completed_at TEXT;
            """),
        new(8, "function URLs and HTTP routes", """
            CREATE TABLE function_urls (
                tenant_id     TEXT NOT NULL,
                function_name TEXT NOT NULL,
                qualifier     TEXT NOT NULL,
                url_id        TEXT NOT NULL UNIQUE,
                auth_type     TEXT NOT NULL,
                cors          TEXT,
                invoke_mode   TEXT NOT NULL,
                created_at    TEXT NOT NULL,
                last_modified TEXT NOT NULL,
                PRIMARY KEY (tenant_id, function_name, qualifier)
            ) STRICT;
            CREATE TABLE http_routes (
                tenant_id       TEXT NOT NULL,
                route_id        TEXT NOT NULL,
                app             TEXT NOT NULL,
                method          TEXT NOT NULL,
                path            TEXT NOT NULL,
                function_name   TEXT NOT NULL,
                qualifier       TEXT,
                payload_format  TEXT NOT NULL,
                timeout_seconds INTEGER,
                created_at      TEXT NOT NULL,
                PRIMARY KEY (tenant_id, route_id),
                UNIQUE (tenant_id, app, method, path)
            ) STRICT;
            CREATE TABLE http_route_changes (
                id      INTEGER PRIMARY KEY CHECK (id = 1),
                version INTEGER NOT NULL
            ) STRICT;
            INSERT INTO http_route_changes (id, version) VALUES (1, 0);
            """),
        new(9, "apps' HTTP settings; routes' authorisation and rate limits", """
            CREATE TABLE http_apps (
                tenant_id     TEXT NOT NULL,
                name          TEXT NOT NULL,
                settings      TEXT NOT NULL,
                last_modified TEXT NOT NULL,
                PRIMARY KEY (tenant_id, name)
            ) STRICT;
            ALTER TABLE http_routes ADD COLUMN authorization_type TEXT NOT NULL DEFAULT 'NONE';
            ALTER TABLE http_routes ADD COLUMN authorizer_name TEXT;
            ALTER TABLE http_routes ADD COLUMN authorization_scopes TEXT;
            ALTER TABLE http_routes ADD COLUMN api_key_required INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE http_routes ADD COLUMN rate_limit TEXT;
            """),
        new(10, "buckets and objects", """
            CREATE TABLE buckets (
                name       TEXT PRIMARY KEY NOT NULL,
                tenant_id  TEXT NOT NULL,
                created_at TEXT NOT NULL,
                region     TEXT NOT NULL
            ) STRICT;
            CREATE INDEX buckets_by_tenant ON buckets (tenant_id, name);
            CREATE TABLE objects (
                bucket        TEXT NOT NULL REFERENCES buckets (name),
                key           TEXT NOT NULL,
                blob          TEXT NOT NULL UNIQUE,
                size          INTEGER NOT NULL CHECK (size >= 0),
                etag          TEXT NOT NULL,
                content_type  TEXT NOT NULL,
                headers       TEXT NOT NULL,
                metadata      TEXT NOT NULL,
                checksums     TEXT NOT NULL,
                part_count    INTEGER NOT NULL,
                last_modified TEXT NOT NULL,
                PRIMARY KEY (bucket, key)
            ) STRICT;
            """),
        new(11, "bucket settings, the object change feed, routes served from a bucket", """
            CREATE TABLE bucket_settings (
                bucket     TEXT NOT NULL REFERENCES buckets (name),
                name       TEXT NOT NULL,
                document   TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (bucket, name)
            ) STRICT;
            CREATE TABLE object_changes (
                seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant_id    TEXT NOT NULL,
                bucket       TEXT NOT NULL,
                key          TEXT NOT NULL,
                event_name   TEXT NOT NULL,
                size         INTEGER NOT NULL,
                etag         TEXT,
                changed_at   TEXT NOT NULL,
                request_id   TEXT,
                source_ip    TEXT,
                trace_header TEXT
            ) STRICT;
            ALTER TABLE http_routes ADD COLUMN static_bucket TEXT;
            ALTER TABLE http_routes ADD COLUMN static_prefix TEXT;
            """),
        new(12, "what queued an asynchronous event (a bucket notification is recorded as trigger s3)", """
            ALTER TABLE async_events ADD COLUMN triggered_by TEXT NOT NULL DEFAULT 'async';
            """),
        new(13, "multipart uploads and their parts; the part sizes of multipart objects", """
            CREATE TABLE multipart_uploads (
                upload_id          TEXT PRIMARY KEY NOT NULL,
                bucket             TEXT NOT NULL REFERENCES buckets (name),
                key                TEXT NOT NULL,
                initiated          TEXT NOT NULL,
                content_type       TEXT,
                headers            TEXT NOT NULL,
                metadata           TEXT NOT NULL,
                checksum_algorithm TEXT,
                checksum_type      TEXT
            ) STRICT;
            CREATE INDEX multipart_uploads_by_key ON multipart_uploads (bucket, key, upload_id);
            CREATE TABLE multipart_parts (
                upload_id     TEXT NOT NULL REFERENCES multipart_uploads (upload_id),
                part_number   INTEGER NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
                blob          TEXT NOT NULL UNIQUE,
                size          INTEGER NOT NULL CHECK (size >= 0),
                etag          TEXT NOT NULL,
                checksums     TEXT NOT NULL,
                last_modified TEXT NOT NULL,
                PRIMARY KEY (upload_id, part_number)
            ) STRICT;
            ALTER TABLE objects ADD COLUMN part_sizes TEXT;
            """),
        new(14, "a change keeps the notification configuration and region in force when it was made", """
            ALTER TABLE object_changes ADD COLUMN notification TEXT;
            ALTER TABLE object_changes ADD COLUMN region TEXT;
            """),
        new(15, "provisioned concurrency settings, removed with their function", """
            CREATE TABLE provisioned_concurrency_configs (
                tenant_id     TEXT NOT NULL,
                function_name TEXT NOT NULL,
                qualifier     TEXT NOT NULL,
                requested     INTEGER NOT NULL CHECK (requested >= 1),
                allocated     INTEGER NOT NULL DEFAULT 0 CHECK (allocated >= 0),
                available     INTEGER NOT NULL DEFAULT 0 CHECK (available >= 0),
                status        TEXT NOT NULL CHECK (status IN ('InProgress', 'Ready', 'Failed')),
                status_reason TEXT,
                last_modified TEXT NOT NULL,
                PRIMARY KEY (tenant_id, function_name, qualifier),
                FOREIGN KEY (tenant_id, function_name) REFERENCES functions (tenant_id, name) ON DELETE CASCADE
            ) STRICT;
            """),
        new(16, "a function's own keep-alive setting: its policy and idle time, null to follow the platform's", """
            ALTER TABLE functions ADD COLUMN keep_alive_policy TEXT CHECK (keep_alive_policy IN ('Fixed', 'Adaptive'));
            ALTER TABLE functions ADD COLUMN keep_alive_idle_timeout_seconds INTEGER CHECK (keep_alive_idle_timeout_seconds >= 1);
            """),
        new(17, "what an invocation's sandbox was when it reached it, and when it passed each step of the platform", """
            ALTER TABLE invocations ADD COLUMN start_kind TEXT;
            ALTER TABLE invocations ADD COLUMN phases TEXT;
            """),
    ];

    public static int Latest => All[^1].Version;
}
