using Dapper;
using SupportBot.Storage;

namespace SupportBot.Tests.Storage.Providers;

/// <summary>Every column of every table of a test database, read from the catalog, so a test can look for a string anywhere.</summary>
public static class EveryColumn
{
    public static IReadOnlyList<(string Table, string Column)> Of(IDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var sql = database.Dialect == SqlDialect.Postgres
            ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
            : "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid";
        using var connection = database.Open();
        return [.. connection.Query<(string, string)>(sql)];
    }

    /// <summary>The tables, each with its columns.</summary>
    public static IEnumerable<IGrouping<string, string>> ByTable(IDatabase database) =>
        Of(database).GroupBy(c => c.Table, c => c.Column, StringComparer.Ordinal);
}
