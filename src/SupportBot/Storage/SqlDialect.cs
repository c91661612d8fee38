using System.Data.Common;
using Npgsql;

namespace SupportBot.Storage;

/// <summary>
/// The few places where SQLite's and PostgreSQL's SQL differ. Data columns hold JSON as text on
/// both; paths are dotted property names (<c>reportedIn.channel</c>).
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    public abstract string Name { get; }

    /// <summary>The dialect of a connection some other code opened (the step store hands its own to a privacy request).</summary>
    public static SqlDialect Of(DbConnection connection) => connection is NpgsqlConnection ? Postgres : Sqlite;

    /// <summary>Appended to a SELECT whose rows the transaction will decide on; SQLite's write lock already covers them.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Appended to a SELECT that claims rows no other instance is working on.</summary>
    public abstract string ForUpdateSkipLocked { get; }

    /// <summary>The text at <paramref name="path"/> in the JSON held by <paramref name="column"/> (SQL NULL when absent).</summary>
    public abstract string JsonText(string column, string path);

    /// <summary>A table of the strings in a JSON array parameter, with one column named value.</summary>
    public abstract string JsonStrings(string parameter, string name);

    /// <summary>A table of the elements (as JSON) of the array at <paramref name="path"/> in <paramref name="column"/>, column value.</summary>
    public abstract string JsonElements(string column, string path, string name);

    /// <summary>The text at <paramref name="path"/> of one element produced by <see cref="JsonElements"/>.</summary>
    public abstract string ElementText(string name, string path);

    /// <summary>
    /// True when <paramref name="expression"/> is one of the list parameter's values: Dapper expands a
    /// list for SQLite and passes it to PostgreSQL as one array.
    /// </summary>
    public abstract string IsIn(string expression, string parameter);

    /// <summary>True when <paramref name="expression"/> is none of the list parameter's values (true for an empty list).</summary>
    public abstract string IsNotIn(string expression, string parameter);

    /// <summary>1-based position of <paramref name="needle"/> in <paramref name="haystack"/>, 0 when absent.</summary>
    public abstract string Position(string haystack, string needle);

    /// <summary>
    /// A query of every text column outside a primary key, in every table of the app's schema, as rows
    /// (table_name, column_name) in table and column order: what a scan for a person's data reads.
    /// </summary>
    public abstract string TextColumns { get; }

    /// <summary>An expression that names one row of a table for the rest of the transaction (the row must be locked with <see cref="ForUpdate"/>).</summary>
    public abstract string RowId { get; }

    /// <summary>True for the row <paramref name="parameter"/> (a value read from <see cref="RowId"/>) names.</summary>
    public abstract string RowIdIs(string parameter);

    /// <summary>LIKE that ignores letter case, as SQLite's LIKE does for ASCII letters (PostgreSQL's LIKE does not).</summary>
    public abstract string LikeIgnoringCase { get; }

    private sealed class SqliteDialect : SqlDialect
    {
        public override string Name => "Sqlite";

        public override string ForUpdate => "";

        public override string ForUpdateSkipLocked => "";

        public override string JsonText(string column, string path) => $"json_extract({column}, '$.{path}')";

        public override string JsonStrings(string parameter, string name) => $"json_each({parameter}) {name}";

        public override string JsonElements(string column, string path, string name) => $"json_each({column}, '$.{path}') {name}";

        public override string ElementText(string name, string path) => $"json_extract({name}.value, '$.{path}')";

        public override string IsIn(string expression, string parameter) => $"{expression} IN {parameter}";

        public override string IsNotIn(string expression, string parameter) => $"{expression} NOT IN {parameter}";

        public override string Position(string haystack, string needle) => $"instr({haystack}, {needle})";

        public override string TextColumns =>
            "SELECT m.name AS table_name, c.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) c " +
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND c.pk = 0 AND upper(c.type) = 'TEXT' ORDER BY m.name, c.cid";

        public override string RowId => "rowid";

        public override string RowIdIs(string parameter) => $"rowid = {parameter}";

        public override string LikeIgnoringCase => "LIKE";
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override string Name => "Postgres";

        public override string ForUpdate => " FOR UPDATE";

        public override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

        public override string JsonText(string column, string path) => $"(CAST({column} AS jsonb) #>> '{{{path.Replace('.', ',')}}}')";

        public override string JsonStrings(string parameter, string name) =>
            $"jsonb_array_elements_text(CAST({parameter} AS jsonb)) AS {name}(value)";

        public override string JsonElements(string column, string path, string name) =>
            $"jsonb_array_elements(coalesce(CAST({column} AS jsonb) #> '{{{path.Replace('.', ',')}}}', '[]'::jsonb)) AS {name}(value)";

        public override string ElementText(string name, string path) => $"({name}.value #>> '{{{path.Replace('.', ',')}}}')";

        public override string IsIn(string expression, string parameter) => $"{expression} = ANY({parameter})";

        public override string IsNotIn(string expression, string parameter) => $"{expression} <> ALL({parameter})";

        public override string Position(string haystack, string needle) => $"strpos({haystack}, {needle})";

        public override string TextColumns =>
            "SELECT c.table_name, c.column_name FROM information_schema.columns c " +
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' " +
            "WHERE c.table_schema = current_schema() AND c.data_type = 'text' AND NOT EXISTS (" +
            "SELECT 1 FROM information_schema.table_constraints k JOIN information_schema.key_column_usage u " +
            "ON u.constraint_schema = k.constraint_schema AND u.constraint_name = k.constraint_name " +
            "WHERE k.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema AND k.table_name = c.table_name AND u.column_name = c.column_name) " +
            "ORDER BY c.table_name, c.ordinal_position";

        // The row's physical address: stable while the transaction holds the row's lock, so it serves as a rowid.
        public override string RowId => "CAST(ctid AS text)";

        public override string RowIdIs(string parameter) => $"ctid = CAST({parameter} AS tid)";

        public override string LikeIgnoringCase => "ILIKE";
    }
}
