using System.Data.Common;
using Dapper;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Reports;
using SupportBot.Storage;

namespace SupportBot.Reports;

/// <summary>Reads the cases a report counts, with their logs, from the store.</summary>
public sealed class ReportCases(IDatabase database)
{
    /// <summary>Cases opened in the period, each with its whole log.</summary>
    public Task<IReadOnlyList<CaseHistory>> OpenedInAsync(ReportPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        ct.ThrowIfCancellationRequested();
        using var connection = database.Open();
        return Task.FromResult(OpenedIn(connection, null, period.Start, period.End));
    }

    public static IReadOnlyList<CaseHistory> OpenedIn(DbConnection connection, DbTransaction? transaction, Instant start, Instant end)
    {
        var events = CaseLog.OfCasesOpened(connection, transaction, start, end).ToLookup(e => e.CaseId);
        return connection.Query<string>(
                "SELECT data FROM cases WHERE opened_at >= @start AND opened_at < @end ORDER BY opened_at, number",
                new { start = start.ToUnixTimeMilliseconds(), end = end.ToUnixTimeMilliseconds() }, transaction)
            .Select(StoreJson.Deserialize<CaseRecord>)
            .Select(c => new CaseHistory(c, [.. events[c.Id]]))
            .ToList();
    }

    /// <summary>Whether any case was opened before <paramref name="end"/>: a desk that had none did not run yet.</summary>
    /// <remarks>PostgreSQL (before 16) wants every subquery in FROM named.</remarks>
    public static bool AnyOpenedBefore(DbConnection connection, DbTransaction? transaction, Instant end) =>
        connection.ExecuteScalar<long>("SELECT count(*) FROM (SELECT 1 FROM cases WHERE opened_at < @end LIMIT 1) AS first_case",
            new { end = end.ToUnixTimeMilliseconds() }, transaction) > 0;
}
