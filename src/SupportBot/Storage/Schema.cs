using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;

namespace SupportBot.Storage;

/// <summary>
/// The schema as numbered migrations, applied in order at start-up, one list for both providers:
/// each is written for SQLite and translated for PostgreSQL (integers are 64-bit, ids are identity
/// columns), or carries its own PostgreSQL text where the two differ. Instants are unix
/// milliseconds (UTC) on both, so every query compares them the same way. Never edit a released
/// migration: add the next one.
/// </summary>
public static partial class Schema
{
    // Any number that does not collide with the app's own advisory locks: instances starting together migrate one at a time.
    private const long MigrationLock = 7_318_442_019;

    private static readonly Migration[] Migrations =
    [
        new("""
        CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL,
            severity TEXT NOT NULL,
            severity_rank INTEGER NOT NULL,
            reporter_key TEXT NOT NULL,
            owner_key TEXT,
            opened_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            closed_at INTEGER,
            version INTEGER NOT NULL,
            data TEXT NOT NULL);
        CREATE INDEX ix_cases_queue ON cases(status, severity_rank, opened_at);
        CREATE INDEX ix_cases_reporter ON cases(reporter_key);

        CREATE TABLE case_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            at INTEGER NOT NULL,
            actor_key TEXT NOT NULL,
            actor_name TEXT NOT NULL,
            type TEXT NOT NULL,
            summary TEXT NOT NULL,
            data TEXT NOT NULL);
        CREATE INDEX ix_case_events_case ON case_events(case_id, id);

        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);

        CREATE TABLE intake_sessions (user_key TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at INTEGER NOT NULL);

        CREATE TABLE inbound_events (event_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL);
        CREATE INDEX ix_inbound_events_received ON inbound_events(received_at);

        CREATE TABLE timers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            set_at INTEGER NOT NULL,
            status TEXT NOT NULL,          -- pending | fired | cancelled | replaced | failed
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            fired_at INTEGER);
        CREATE UNIQUE INDEX ux_timers_pending ON timers(case_id, key) WHERE status = 'pending';
        CREATE INDEX ix_timers_due ON timers(status, due_at);

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            lane TEXT NOT NULL,
            payload TEXT NOT NULL,         -- an Outgoing as JSON
            case_number TEXT,
            status TEXT NOT NULL,          -- pending | delivered | dead
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            delivered_at INTEGER,
            last_error TEXT);
        CREATE INDEX ix_outbox_pending ON outbox(status, lane, id);

        CREATE TABLE message_refs (
            key TEXT PRIMARY KEY,
            channel TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            address TEXT);

        CREATE TABLE channel_refs (
            key TEXT PRIMARY KEY,
            channel TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            address TEXT);

        CREATE TABLE local_conversations (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,            -- channel | direct
            name TEXT NOT NULL,
            topic TEXT,
            archived INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL);
        CREATE TABLE local_members (
            conversation_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            PRIMARY KEY (conversation_id, user_id));
        CREATE TABLE local_messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT NOT NULL,
            template TEXT NOT NULL,
            data TEXT NOT NULL,
            text TEXT NOT NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE INDEX ix_local_messages_conversation ON local_messages(conversation_id, id);
        """),
        new("""
        CREATE TABLE slack_messages (
            channel TEXT NOT NULL,
            ts TEXT NOT NULL,              -- Slack's message timestamp, kept as the exact string
            message TEXT NOT NULL,         -- the OutboundMessage the message shows, as JSON
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (channel, ts));
        """),
        new("""
        CREATE TABLE monthly_reports (
            month TEXT PRIMARY KEY,        -- YYYY-MM, the month reported: posted to the managers once
            posted_at INTEGER NOT NULL,
            outbox_id INTEGER NOT NULL);
        """),
        // Migration 4 (desk): channels registered from chat, and the Teams teams the bot is in.
        new("""
        CREATE TABLE desk_channels (
            role TEXT PRIMARY KEY,         -- triage | bridges | managers; the latest registration wins
            platform TEXT NOT NULL,        -- local | slack | teams
            conversation_id TEXT NOT NULL,
            service_url TEXT,              -- Teams: where the channel is reached
            set_by TEXT NOT NULL,          -- the user key of the manager or admin
            set_by_name TEXT NOT NULL,
            set_at INTEGER NOT NULL);

        CREATE TABLE teams_teams (
            team_id TEXT PRIMARY KEY,      -- channelData.team.id, also the General channel's id
            name TEXT,
            aad_group_id TEXT,             -- what Graph calls the team
            service_url TEXT NOT NULL,
            tenant_id TEXT,
            installed_at INTEGER NOT NULL, -- this installation: a removal and a new install give a new one
            removed_at INTEGER,
            updated_at INTEGER NOT NULL);
        CREATE TABLE teams_channels (
            channel_id TEXT PRIMARY KEY,
            team_id TEXT NOT NULL,
            name TEXT,                     -- null for General
            graph_team_id TEXT,            -- set for a channel created through Graph for a Severity 1 bridge
            bridge_name TEXT,              -- that bridge's name, so a retried create finds it
            closed_at INTEGER,             -- the bridge's closing note was posted
            deleted_at INTEGER,
            updated_at INTEGER NOT NULL);
        CREATE INDEX ix_teams_channels_team ON teams_channels(team_id);
        """),
        new("""
        CREATE TABLE learned_accounts (
            platform TEXT NOT NULL,        -- slack | teams
            account_id TEXT NOT NULL,      -- Slack U…, Teams 29:…
            email TEXT NOT NULL,           -- lower-case, as the platform's directory gives it
            name TEXT NOT NULL,
            service_url TEXT,              -- Teams: where to reach the account
            tenant TEXT,                   -- Teams tenant, Slack team
            last_seen INTEGER NOT NULL,
            PRIMARY KEY (platform, account_id));
        CREATE INDEX ix_learned_accounts_email ON learned_accounts(platform, email, last_seen);
        """),
        new("""
        -- What a person wrote in the local workspace, shown beside the bot's cards; NULL for the bot's own messages.
        ALTER TABLE local_messages ADD COLUMN author_id TEXT;
        ALTER TABLE local_messages ADD COLUMN author_name TEXT;
        """),
        new("""
        -- The policy lint's daily post: the days checked, and the findings posted while they still hold.
        CREATE TABLE policy_lint_days (
            day TEXT PRIMARY KEY,          -- YYYY-MM-DD in the policy's display zone
            checked_at INTEGER NOT NULL,
            findings INTEGER NOT NULL);    -- how many the lint found that day
        CREATE TABLE policy_lint_posted (
            finding TEXT PRIMARY KEY,      -- code and entry; deleted once the finding is gone, so a return is new again
            posted_at INTEGER NOT NULL,
            outbox_id INTEGER NOT NULL);
        """),
        // The outbox's delivery class (chosen by the engine per message) and the rows given up on as ambiguous or cancelled.
        new(
            """
            -- at-least-once: escalation pages, retried after any failure that is not permanent;
            -- at-most-once: the rest, not retried once a send may have happened (status 'abandoned').
            -- A page no longer awaited (acknowledged, moved on, closed) is 'cancelled' before it is sent.
            ALTER TABLE outbox ADD COLUMN delivery TEXT NOT NULL DEFAULT 'at-most-once';
            UPDATE outbox SET delivery = 'at-least-once'
            WHERE json_extract(payload, '$.op') = 'direct' AND json_extract(payload, '$.message.template') = 'page';
            """,
            """
            ALTER TABLE outbox ADD COLUMN delivery TEXT NOT NULL DEFAULT 'at-most-once';
            UPDATE outbox SET delivery = 'at-least-once'
            WHERE CAST(payload AS jsonb) ->> 'op' = 'direct' AND CAST(payload AS jsonb) #>> '{message,template}' = 'page';
            """),
        new("""
        -- Admins' exports and erasures of one person's data: who asked, when, and a hash of whom it was about (never the person in clear).
        CREATE TABLE privacy_requests (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            action TEXT NOT NULL,          -- export | erase
            subject_hash TEXT NOT NULL,    -- the first 16 hex digits of SHA-256 of the person's user key
            by_key TEXT NOT NULL,          -- the admin's user key, or cli
            by_name TEXT NOT NULL,
            summary TEXT NOT NULL);        -- counts only
        """),
        new("""
        -- The outbox row a bot message delivers (outbox-{id}): after a crash between the post and the
        -- outbox's commit, the message is found by it instead of posted again.
        ALTER TABLE local_messages ADD COLUMN outbox_tag TEXT;
        CREATE INDEX ix_local_messages_outbox_tag ON local_messages(conversation_id, outbox_tag) WHERE outbox_tag IS NOT NULL;
        """),
        new("""
        -- Several instances on one outbox. sending_since: when the first send of a row began, committed
        -- before the platform call, so whoever next picks the pending row knows it may have been sent.
        -- outbox_lanes: which instance works a lane (one conversation, delivered in order) and until when;
        -- the holder renews it while alive, and anyone takes it once held_until has passed.
        ALTER TABLE outbox ADD COLUMN sending_since INTEGER;
        CREATE TABLE outbox_lanes (lane TEXT PRIMARY KEY, held_by TEXT NOT NULL, held_until INTEGER NOT NULL);
        CREATE INDEX ix_outbox_lanes_held_by ON outbox_lanes(held_by);
        """),
        new("""
        -- A platform's Retry-After, shared by every instance: a Slack method or Teams thread held until until_at.
        CREATE TABLE retry_after_holds (key TEXT PRIMARY KEY, until_at INTEGER NOT NULL);
        """),
        new("""
        -- Every case change looks for the case's pending pages to cancel (PageCancellation): without this
        -- it read every pending row, and in an outage storm the triage lane's backlog grows by the minute.
        CREATE INDEX ix_outbox_pending_case ON outbox(case_number) WHERE status = 'pending';
        """),
        new("""
        -- A desk of 100,000 open cases: the queue card reads its head in order, and every intake preview
        -- looks for an incident to join among the cases received in the last minutes, instead of both
        -- reading every open case. The WHERE is written as StoredEngineState writes it (SQLite matches it as text).
        CREATE INDEX ix_cases_open_queue ON cases(severity_rank, opened_at, number) WHERE status NOT IN ('resolved', 'closed');
        CREATE INDEX ix_cases_open_received ON cases(opened_at) WHERE status NOT IN ('resolved', 'closed');
        """),
        // The case's region out of its JSON (CaseRecord.Region: absent for no answer or a blank one), so that a
        // follow-the-sun hand-off reads the head of its region's queue and counts it instead of reading every open
        // case. Measured on SQLite with 100,000 open cases: without the index the count reads the whole table (0.15 s
        // warm), with it 4 ms; the heads are 25 index steps each.
        new(
            """
            -- Each region's open cases (and those of none) in queue order: a hand-off reads the head of both and
            -- counts both from the index alone. The WHERE is written as StoredEngineState writes it (SQLite matches it as text).
            ALTER TABLE cases ADD COLUMN region TEXT;
            UPDATE cases SET region = json_extract(data, '$.region');
            CREATE INDEX ix_cases_open_region ON cases(region, severity_rank, opened_at, number) WHERE status NOT IN ('resolved', 'closed');
            """,
            """
            ALTER TABLE cases ADD COLUMN region TEXT;
            UPDATE cases SET region = CAST(data AS jsonb) ->> 'region';
            CREATE INDEX ix_cases_open_region ON cases(region, severity_rank, opened_at, number) WHERE status NOT IN ('resolved', 'closed');
            """),
    ];

    public static int Latest => Migrations.Length;

    /// <summary>The schema version the database is at (0 for one never migrated).</summary>
    public static int Version(DbConnection connection, DbTransaction? transaction = null) =>
        connection.ExecuteScalar<int>("SELECT CAST(coalesce(max(version), 0) AS INTEGER) FROM schema_version;", transaction: transaction);

    /// <summary>Applies the migrations the database lacks, in one transaction.</summary>
    public static void Apply(DbConnection connection, DbTransaction transaction, SqlDialect dialect)
    {
        if (dialect == SqlDialect.Postgres)
        {
            connection.Execute($"SELECT pg_advisory_xact_lock({MigrationLock});", transaction: transaction);
        }
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", transaction: transaction);
        var current = Version(connection, transaction);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this SupportBot ({Migrations.Length}). Upgrade SupportBot.");
        }
        for (var v = current; v < Migrations.Length; v++)
        {
            connection.Execute(Migrations[v].For(dialect), transaction: transaction);
            connection.Execute(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO schema_version (version) VALUES ({v + 1});"), transaction: transaction);
        }
    }

    /// <param name="Sqlite">The migration as SQLite runs it.</param>
    /// <param name="Postgres">PostgreSQL's text when a translation of the SQLite text would not do.</param>
    private sealed partial record Migration(string Sqlite, string? Postgres = null)
    {
        public string For(SqlDialect dialect) =>
            dialect == SqlDialect.Sqlite ? Sqlite : Postgres ?? Translate(Sqlite);

        // SQLite's INTEGER is 64-bit and its AUTOINCREMENT keys are ids; PostgreSQL spells both out.
        private static string Translate(string sql) =>
            IntegerType().Replace(sql.Replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", StringComparison.Ordinal), "BIGINT");

        [GeneratedRegex(@"\bINTEGER\b")]
        private static partial Regex IntegerType();
    }
}
