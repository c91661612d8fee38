using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Simulation;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Storage;

/// <summary>
/// The engine's narrow reads of open cases (the queue's head, a region's, a reporter's cases, recent incidents) on every
/// provider: the same cases, in the same order, as filtering every open case (as the in-memory state does), without reading the others,
/// so that a desk of 100,000 open cases costs an intake preview or a direct message a few rows.
/// </summary>
public sealed class OpenCaseReadsTests : IDisposable
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private static readonly SupportBot.Core.Policy.SupportPolicy Policy =
        SupportBot.Policy.PolicyLoader.Load(PolicyYaml.RepositoryFile("policies/operational-guide.yml")).Policy!;

    private static readonly UserRef[] People = [.. Enumerable.Range(0, 3).Select(i => new UserRef(ChannelKind.Local, $"r{i}", $"Reporter {i}"))];
    private static readonly string[] Reporters = [.. People.Select(p => p.Key), "local:nobody"];
    private static readonly CaseStatus[] Statuses = Enum.GetValues<CaseStatus>();
    private static readonly string[] Incidents = [.. Policy.Severities.Where(s => s.OpensBridge).Select(s => s.Id)];
    // A blank answer is no region, as CaseRecord.Region reads it.
    private static readonly string?[] Regions = ["emea", "apac", null, " "];
    private static readonly string[] ManagersRegions = ["emea", "apac", "americas"];

    private TestDatabase? db;
    private readonly MemoryState memory = new(Policy);

    [Theory, SqliteData, PostgresData]
    public async Task Each_narrow_read_gives_the_cases_and_order_that_filtering_every_open_case_gives(StorageProvider provider)
    {
        var store = await SeededAsync(provider);
        var since = T0 + Duration.FromMinutes(20);

        await ReadAsync(store, state =>
        {
            var all = memory.OpenCases();
            Assert.InRange(all.Count, 20, 30);
            var head = state.OpenQueueHead(5);
            Assert.Equal(Numbers(all.Take(5)), Numbers(head.First));
            Assert.Equal(all.Count, head.Count);
            Assert.Equal(Numbers(all), Numbers(state.OpenQueueHead(1000).First));
            foreach (var reporter in Reporters)
            {
                Assert.True(reporter == "local:nobody" || all.Any(c => c.Reporter.Key == reporter), reporter);
                Assert.Equal(Numbers(all.Where(c => c.Reporter.Key == reporter)), Numbers(state.OpenCasesReportedBy(reporter)));
            }
            foreach (var region in ManagersRegions)
            {
                var theirs = all.Where(c => c.Region is null || c.Region == region).ToList();
                Assert.Contains(theirs, c => c.Region is null);
                var regionHead = state.OpenRegionQueueHead(region, 5);
                Assert.Equal(Numbers(theirs.Take(5)), Numbers(regionHead.First));
                Assert.Equal(theirs.Count, regionHead.Count);
                Assert.Equal(Numbers(theirs), Numbers(state.OpenRegionQueueHead(region, 1000).First));
            }
            var incidents = state.OpenCasesReceivedSince(since, Incidents);
            Assert.NotEmpty(incidents);
            Assert.Equal(Numbers(all.Where(c => c.OpenedAt >= since && Incidents.Contains(c.SeverityId))), Numbers(incidents));
            Assert.Empty(state.OpenCasesReceivedSince(since, []));
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_queue_head_a_regions_head_a_reporters_cases_and_recent_incidents_are_read_without_reading_any_other_open_case(StorageProvider provider)
    {
        var store = await SeededAsync(provider);
        // An open case that cannot be read: any read that touches it fails, as a full read does.
        new HostDb(db!.Database).Execute(
            "INSERT INTO cases (id, number, status, severity, severity_rank, reporter_key, owner_key, region, opened_at, updated_at, closed_at, version, data) " +
            "VALUES ('unreadable', 'SUP-999999', 'new', 'sev-unknown', 999, 'someone-else', NULL, 'elsewhere', @at, @at, NULL, 1, 'not json')",
            new { at = T0.ToUnixTimeMilliseconds() });

        await ReadAsync(store, state =>
        {
            var head = state.OpenQueueHead(5);
            Assert.Equal(5, head.First.Count);
            Assert.Equal(OpenSeeded + 1, head.Count);
            var emea = state.OpenRegionQueueHead("emea", 1000);
            Assert.Equal(OpenSeededWhere(i => Regions[i % Regions.Length] != "apac"), emea.Count);
            Assert.Equal(emea.Count, emea.First.Count);
            Assert.NotEmpty(state.OpenCasesReportedBy(People[1].Key));
            Assert.NotEmpty(state.OpenCasesReceivedSince(T0 + Duration.FromMinutes(1), Incidents));
            Assert.ThrowsAny<Exception>(() => state.OpenQueueHead(1000));
            Assert.ThrowsAny<Exception>(() => state.OpenRegionQueueHead("elsewhere", 1000));
        });
    }

    [Theory, SqliteData, PostgresData]
    public async Task Each_case_carries_its_region_in_a_column_written_with_it_and_filled_from_its_data_on_a_desk_upgraded_to_it(StorageProvider provider)
    {
        await SeededAsync(provider);
        var rows = new HostDb(db!.Database);
        List<(string, string?)> expected = [.. Enumerable.Range(0, Seeded).Select(i => ($"SUP-{i:D6}", string.IsNullOrWhiteSpace(Regions[i % Regions.Length]) ? null : Regions[i % Regions.Length]))];
        Assert.Equal(expected, rows.Rows<(string, string?)>("SELECT number, region FROM cases ORDER BY number"));

        // Back to the schema before the column, with the cases in it; then the app's migration at start-up.
        rows.Execute("DROP INDEX ix_cases_open_region");
        rows.Execute("ALTER TABLE cases DROP COLUMN region");
        rows.Execute("DELETE FROM schema_version WHERE version = @latest", new { latest = Schema.Latest });
        db.Database.Migrate();

        Assert.Equal(expected, rows.Rows<(string, string?)>("SELECT number, region FROM cases ORDER BY number"));
    }

    private const int Seeded = 36;

    private static int OpenSeeded => OpenSeededWhere(_ => true);

    private static int OpenSeededWhere(Func<int, bool> which) => Enumerable.Range(0, Seeded).Count(i => Statuses[i % Statuses.Length].IsOpen() && which(i));

    /// <summary>Cases of every severity, status, three reporters and two regions or none, received a minute apart in a shuffled order.</summary>
    private async Task<StepStore> SeededAsync(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        var store = new StepStore(db.Database, Policy);
        var step = new EngineStep();
        foreach (var i in Enumerable.Range(0, Seeded).OrderBy(i => (i * 7) % Seeded))
        {
            var at = T0 + Duration.FromMinutes(i);
            step.Cases.Add(new CaseChange(new CaseRecord
            {
                Id = $"case-{i:D2}",
                Number = $"SUP-{i:D6}",
                Status = Statuses[i % Statuses.Length],
                SeverityId = Policy.Severities[i % Policy.Severities.Count].Id,
                SeverityReason = "test",
                Reporter = People[i % 3],
                ReportedIn = new ConversationRef(ChannelKind.Local, $"dm:r{i % 3}", true),
                Answers = Regions[i % Regions.Length] is { } region ? new Dictionary<string, string> { ["region"] = region } : [],
                OpenedAt = at,
                ResponseDueAt = at + Duration.FromHours(1),
            }, 0, []));
        }
        await store.RunAsync(new StepRequest(null, null, T0), _ => step, CancellationToken.None);
        memory.Apply(step, T0);
        return store;
    }

    private static Task<StepOutcome> ReadAsync(StepStore store, Action<IEngineState> read) =>
        store.RunAsync(new StepRequest(null, null, T0), state =>
        {
            read(state);
            return new EngineStep();
        }, CancellationToken.None);

    private static List<string> Numbers(IEnumerable<CaseRecord> cases) => [.. cases.Select(c => c.Number)];

    public void Dispose() => db?.Dispose();
}
