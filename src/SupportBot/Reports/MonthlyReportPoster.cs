using System.Data.Common;
using Dapper;
using SupportBot.Core;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Core.Reports;
using SupportBot.Outbox;
using SupportBot.Storage;

namespace SupportBot.Reports;

/// <summary>
/// Posts last month's report to the managers' channel once it is due (<see cref="ReportSchedule"/>):
/// the outbox row and the month's row in <c>monthly_reports</c> are written in one transaction, so
/// each month is posted exactly once however often this runs, across restarts and across instances.
/// A report missed while the bot was down goes out when it is back, within the month.
/// </summary>
public sealed partial class MonthlyReportPoster(
    IDatabase database, SupportPolicy policy, IDeskSource desk, TimeProvider time, OutboxSignal outbox, ILogger<MonthlyReportPoster> logger)
{
    /// <summary>The month posted now, or null when nothing was due (or it was posted already).</summary>
    public Task<NodaTime.YearMonth?> PostIfDueAsync(CancellationToken ct)
    {
        var now = time.GetCurrentInstant();
        if (desk.Current.Managers is not { } managers || ReportSchedule.Due(policy, now) is not { } month)
        {
            return Task.FromResult<NodaTime.YearMonth?>(null);
        }
        ct.ThrowIfCancellationRequested();
        var id = ReportPeriod.MonthId(month);
        using var connection = database.Open();
        using var transaction = database.BeginWrite(connection);
        var period = ReportPeriod.Month(month, policy.DisplayZone);
        if (!ReportCases.AnyOpenedBefore(connection, transaction, period.End) || !Claim(connection, transaction, id, now))
        {
            // The desk had not opened a case by the end of that month (nothing to report), or the month is posted already.
            return Task.FromResult<NodaTime.YearMonth?>(null);
        }
        var report = MonthlyReport.Build(policy, month, ReportCases.OpenedIn(connection, transaction, period.Start, period.End), now);
        var outboxId = OutboxStore.Enqueue(connection, transaction, new PostMessage(managers, ReportCard.Message(report), null), now.ToDateTimeOffset());
        connection.Execute("UPDATE monthly_reports SET outbox_id = @outboxId WHERE month = @id", new { id, outboxId }, transaction);
        transaction.Commit();
        outbox.Wake();
        LogPosted(id, report.Kpis.Total.Cases);
        return Task.FromResult<NodaTime.YearMonth?>(month);
    }

    /// <summary>
    /// Takes the month before building its report. The key is unique, so of two instances claiming it at
    /// once one inserts and the other waits for that commit and inserts nothing (PostgreSQL); on SQLite
    /// the write lock already keeps them apart. The outbox id is filled in once the post is queued.
    /// </summary>
    private static bool Claim(DbConnection connection, DbTransaction transaction, string id, NodaTime.Instant now) =>
        connection.Execute(
            "INSERT INTO monthly_reports (month, posted_at, outbox_id) VALUES (@id, @at, 0) ON CONFLICT (month) DO NOTHING",
            new { id, at = now.ToUnixTimeMilliseconds() }, transaction) == 1;

    [LoggerMessage(Level = LogLevel.Information, Message = "Monthly SLA report for {Month} ({Cases} cases) queued for the managers' channel")]
    private partial void LogPosted(string month, int cases);
}
