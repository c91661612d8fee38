using Dapper;
using NodaTime;
using SQLitePCL;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Outbox;
using SupportBot.Storage;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// Every case change looks for its case's pending pages to cancel, inside the step's transaction. In
/// an outage storm the triage lane's backlog grows (Slack takes one post a second per channel), so
/// that look must cost the same however many other messages are pending.
/// </summary>
public sealed class PageCancellationTests : IDisposable
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-page-cancel-").FullName;
    private readonly SqliteDatabase database;

    public PageCancellationTests()
    {
        database = new SqliteDatabase(Path.Combine(folder, "store.db"));
        database.Migrate();
    }

    [Fact]
    public void Cancelling_a_cases_pages_costs_the_same_with_ten_thousand_other_messages_pending()
    {
        var alone = Cancel("SUP-000001");
        using (var connection = database.Open())
        {
            var card = $"{{\"op\":\"post\",\"text\":\"{new string('x', 1500)}\"}}";
            using var transaction = connection.BeginTransaction();
            connection.Execute(
                "INSERT INTO outbox (lane, payload, case_number, status, attempts, next_attempt_at, created_at, delivery) " +
                "VALUES ('slack:C0TRIAGE', @card, @number, 'pending', 0, 0, 0, 'at-most-once')",
                Enumerable.Range(100, 10_000).Select(i => new { card, number = $"SUP-{i:D6}" }), transaction);
            transaction.Commit();
        }

        var behindBacklog = Cancel("SUP-000002");

        Assert.Equal((1, 2), (alone.Cancelled, Status("SUP-000001")));
        Assert.Equal((1, 2), (behindBacklog.Cancelled, Status("SUP-000002")));
        Assert.True(behindBacklog.Steps <= alone.Steps * 2 + 10,
            $"{behindBacklog.Steps} hundred SQLite steps with 10,000 other messages pending, {alone.Steps} hundred with none");
    }

    /// <summary>A page and its edit pending for a case that is now closed, cancelled; how many pages, and the SQLite VM steps it took (in hundreds).</summary>
    private (int Cancelled, int Steps) Cancel(string number)
    {
        using var connection = database.Open();
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute(
                "INSERT INTO outbox (lane, payload, case_number, status, attempts, next_attempt_at, created_at, delivery) " +
                "VALUES ('slack:dm:U0ONCALL', '{\"op\":\"direct\",\"messageKey\":\"page-1\"}', @number, 'pending', 0, 0, 0, 'at-least-once'), " +
                "('slack:dm:U0ONCALL', '{\"op\":\"update\",\"messageKey\":\"page-1\"}', @number, 'pending', 0, 0, 0, 'at-most-once')",
                new { number }, transaction);
            transaction.Commit();
        }
        var steps = 0;
        using var cancel = connection.BeginTransaction();
        raw.sqlite3_progress_handler(connection.Handle, 100, _ =>
        {
            steps++;
            return 0; // Zero lets the statement go on.
        }, null);
        var cancelled = PageCancellation.CancelUnawaited(connection, cancel, SqlDialect.Sqlite, Closed(number));
        raw.sqlite3_progress_handler(connection.Handle, 0, null, null);
        cancel.Commit();
        return (cancelled, steps);
    }

    /// <summary>How many of the case's rows (its page and the page's edit) are cancelled.</summary>
    private int Status(string number)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<int>("SELECT count(*) FROM outbox WHERE case_number = @number AND status = 'cancelled'", new { number });
    }

    private static CaseRecord Closed(string number) => new()
    {
        Id = number,
        Number = number,
        Status = CaseStatus.Closed,
        SeverityId = "sev1",
        SeverityReason = "test",
        Reporter = new UserRef(ChannelKind.Slack, "U0RITA", "Rita"),
        ReportedIn = new ConversationRef(ChannelKind.Slack, "D0RITA", true),
        Answers = new Dictionary<string, string>(),
        OpenedAt = T0,
        ResponseDueAt = T0 + Duration.FromMinutes(15),
        ResolvedAt = T0,
        ClosedAt = T0,
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
