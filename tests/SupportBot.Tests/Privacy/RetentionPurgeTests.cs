using Dapper;
using NodaTime;
using SupportBot.Core;
using SupportBot.Outbox;
using SupportBot.Retention;
using SupportBot.Scheduling;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Privacy;

/// <summary>
/// The retention purge on a real database filled by the real app, on each storage provider: two cases
/// closed two minutes apart, and a clock twelve months (the default preset's retention) and one minute after the first.
/// </summary>
public sealed class RetentionPurgeTests : IDisposable
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private const string TitleA = "Wifi down at the Oslo office";
    private const string TitleB = "VPN slow in Lyon";

    private readonly TestClock clock = new(Monday10Utc);
    private TestDatabase? db;

    private HostDb Db => new(db!.Database);

    public void Dispose() => db?.Dispose();

    private TestDatabase Create(StorageProvider provider) => db = TestDatabase.Create(provider);

    [Theory, SqliteData, PostgresData]
    public async Task A_case_closed_just_past_the_retention_is_removed_from_every_table_and_one_closed_just_inside_it_stays_whole(StorageProvider provider)
    {
        Create(provider);
        var closedA = await CloseTwoCasesTwoMinutesApartAsync();
        var a = Needles("SUP-000001", TitleA);
        var b = Needles("SUP-000002", TitleB);
        Assert.NotEmpty(Where(a));
        // A message that names both (a managers' summary of the open cases) goes with A.
        var keptBefore = Where(b, unless: a);
        Assert.Contains("local_messages", keptBefore.Keys);
        Assert.Contains("outbox", keptBefore.Keys);

        // Twelve calendar months after the first closing, and one minute: it is just past, the second just inside.
        clock.Advance(closedA.AddMonths(12).AddMinutes(1) - clock.GetUtcNow());
        await using var host = await db!.StartHostAsync(clock);
        var summary = await host.Get<RetentionPurge>().RunAsync(CancellationToken.None);

        Assert.Equal(1, summary.Cases);
        Assert.Equal(Instant.FromDateTimeOffset(closedA.AddMinutes(1)), summary.Cutoff);
        Assert.Empty(Where(a));
        Assert.Equal(Show(keptBefore), Show(Where(b)));
        Assert.Equal(Show(keptBefore), Show(Where(b, unless: a)));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM cases"));
        var metrics = await host.Client.GetStringAsync("/metrics");
        Assert.Contains("supportbot_retention_purged_cases_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains("supportbot_retention_purged_rows_total{table=\"case_events\"}", metrics, StringComparison.Ordinal);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_second_purge_removes_nothing_more_and_open_and_pending_data_are_never_purged(StorageProvider provider)
    {
        Create(provider);
        var closedA = await CloseTwoCasesTwoMinutesApartAsync();
        await using (var host = await db!.StartHostAsync(clock))
        {
            // An open case from long ago, and a message about the case to be purged still waiting for its next attempt.
            await ReportAsync(host, "olga", "Printer jammed in Bergen", "regional");
            await host.Get<OutboxStore>().EnqueueAsync(
                new Core.Engine.PostMessage(new Core.Channels.ConversationRef(Core.Channels.ChannelKind.Local, "managers", false),
                    new Core.Channels.OutboundMessage("notice", [], "about SUP-000001"), null)
                { CaseNumber = "SUP-000001" },
                clock.GetUtcNow().AddYears(100), CancellationToken.None);
        }
        clock.Advance(closedA.AddMonths(30) - clock.GetUtcNow());
        var before = Db.Count("SELECT count(*) FROM cases");
        await using (var host = await db!.StartHostAsync(clock))
        {
            var purge = host.Get<RetentionPurge>();
            var first = await purge.RunAsync(CancellationToken.None);
            var second = await purge.RunAsync(CancellationToken.None);

            Assert.Equal(2, first.Cases);
            Assert.Equal(before - 2, Db.Count("SELECT count(*) FROM cases"));
            Assert.True(Db.Text("SELECT status FROM cases WHERE number = 'SUP-000003'") is "new" or "acknowledged" or "in-progress", "the open case stays");
            Assert.Equal(1, Db.Count("SELECT count(*) FROM outbox WHERE case_number = 'SUP-000001' AND status = 'pending'"));
            Assert.Equal((0, 0L), (second.Cases, second.TotalRows));
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_purge_works_in_batches_each_its_own_short_transaction(StorageProvider provider)
    {
        Create(provider);
        var cases = RetentionPurge.BatchSize + 3;
        Db.Execute(
            "INSERT INTO cases (id, number, status, severity, severity_rank, reporter_key, opened_at, updated_at, closed_at, version, data) " +
            "VALUES (@Id, @Number, 'closed', 'sev4', 4, 'local:x', 0, 0, 1000, 1, '{}')",
            Enumerable.Range(1, cases).Select(i => new { Id = $"{i:D32}", Number = $"OLD-{i:D6}" }));
        await using (var host = await db!.StartHostAsync(clock))
        {
            var summary = await host.Get<RetentionPurge>().RunAsync(CancellationToken.None);

            Assert.Equal((cases, 2), (summary.Cases, summary.Batches));
            Assert.Equal(0, Db.Count("SELECT count(*) FROM cases WHERE number LIKE 'OLD-%'"));
        }
    }

    /// <summary>
    /// Case A (Severity 1, with its bridge and pages) and case B (Severity 2) are reported, claimed,
    /// updated and resolved; A's reporter confirms the fix, and B's two minutes later. The clock then
    /// runs past A's root cause analysis reminder, so nothing is left to send. Returns A's closing.
    /// </summary>
    private async Task<DateTimeOffset> CloseTwoCasesTwoMinutesApartAsync()
    {
        await using var host = await db!.StartHostAsync(clock);
        await ReportAsync(host, "rita", TitleA, "global");
        await ReportAsync(host, "sam", TitleB, "regional");
        var a = Db.Text("SELECT id FROM cases WHERE number = 'SUP-000001'")!;
        var b = Db.Text("SELECT id FROM cases WHERE number = 'SUP-000002'")!;
        foreach (var id in new[] { a, b })
        {
            await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = id }));
            await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.update", new() { ["case"] = id, ["update"] = "Looking at the controller" }));
            await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.resolve", new() { ["case"] = id, ["outcome"] = "fixed", ["summary"] = "Controller restarted" }));
        }
        clock.Advance(TimeSpan.FromMinutes(5));
        await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "reporter.fixed", new() { ["case"] = a, ["rating"] = "5" }));
        var closedA = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(2));
        await host.PostAsync(LocalPeople.Click("sam", "dm:sam", "reporter.fixed", new() { ["case"] = b, ["rating"] = "4" }));
        await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(15));
        await host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
        await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
        Assert.Equal(2, Db.Count("SELECT count(*) FROM cases WHERE status = 'closed'"));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM outbox WHERE status = 'pending'"));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE case_id = @a AND type LIKE 'postmortem%'", new { a }));
        return closedA;
    }

    private static async Task ReportAsync(TestHost host, string user, string title, string impact)
    {
        var answers = LocalPeople.Severity1Answers(title);
        answers["impact"] = impact;
        await host.PostAsync(LocalPeople.Say(user, title));
        await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.next", answers));
        await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.continue"));
        var opened = await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.submit"));
        Assert.Equal("case-opened", opened.Card);
    }

    /// <summary>What identifies a case's data anywhere: its id, its number, its title, and its bridge's conversation.</summary>
    private List<string> Needles(string number, string title)
    {
        var id = Db.Text("SELECT id FROM cases WHERE number = @number", new { number })!;
        var bridges = Db.Texts("SELECT conversation_id FROM channel_refs WHERE key LIKE @prefix", new { prefix = $"case:{id}:%" });
        return [id, number, title, .. bridges];
    }

    private static string Show(Dictionary<string, long> rows) => string.Join(", ", rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));

    /// <summary>
    /// For every table of the database, how many of its rows name any of <paramref name="needles"/> in any
    /// column (and none of <paramref name="unless"/>).
    /// </summary>
    private Dictionary<string, long> Where(List<string> needles, List<string>? unless = null)
    {
        using var connection = db!.Database.Open();
        var dialect = db.Database.Dialect;
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in EveryColumn.ByTable(db.Database))
        {
            var all = needles.Concat(unless ?? []).ToList();
            string Any(int from, int count) =>
                string.Join(" OR ", table.SelectMany(c => Enumerable.Range(from, count).Select(i => $"{dialect.Position($"coalesce(CAST(\"{c}\" AS TEXT), '')", $"@n{i}")} > 0")));
            var names = $"({Any(0, needles.Count)})" + (unless is null ? "" : $" AND NOT ({Any(needles.Count, unless.Count)})");
            var args = new DynamicParameters();
            for (var i = 0; i < all.Count; i++)
            {
                args.Add($"n{i}", all[i]);
            }
            var count = connection.ExecuteScalar<long>($"SELECT count(*) FROM \"{table.Key}\" WHERE {names}", args);
            if (count > 0)
            {
                found[table.Key] = count;
            }
        }
        return found;
    }
}
