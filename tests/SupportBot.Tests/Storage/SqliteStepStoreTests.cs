using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Storage;
using SupportBot.Storage.Sqlite;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Storage;

public sealed class SqliteStepStoreTests : IDisposable
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-store-").FullName;
    private readonly SqliteStepStore store;
    private readonly string path;

    public SqliteStepStoreTests()
    {
        path = Path.Combine(folder, "store.db");
        var database = new SqliteDatabase(path);
        database.Migrate();
        var policy = SupportBot.Policy.PolicyLoader.Load(PolicyYaml.RepositoryFile("policies/operational-guide.yml")).Policy!;
        store = new SqliteStepStore(database, policy);
    }

    [Fact]
    public async Task A_write_based_on_a_stale_version_is_decided_again_on_the_new_state()
    {
        var opened = NewCase();
        await store.RunAsync(new StepRequest(null, null, T0), _ => Step(new CaseChange(opened, 0, [])), CancellationToken.None);
        await store.RunAsync(new StepRequest(null, null, T0), _ => Step(new CaseChange(opened, 1, [])), CancellationToken.None);
        var decisions = 0;

        await store.RunAsync(new StepRequest(null, null, T0), state =>
        {
            decisions++;
            var current = state.FindCaseById(opened.Id)!;
            // The first decision acts on a version another writer has already moved past.
            var expected = decisions == 1 ? current.Version - 1 : current.Version;
            return Step(new CaseChange(current with { Tier = 2 }, expected, []));
        }, CancellationToken.None);

        Assert.Equal(2, decisions);
        Assert.Equal(1, new HostDb(path).Count("SELECT count(*) FROM cases WHERE version = 3 AND data LIKE '%\"tier\":2%'"));
    }

    [Fact]
    public async Task A_step_that_fails_commits_nothing_not_even_the_inbound_event_id()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RunAsync(new StepRequest("evt-1", null, T0),
            _ => throw new InvalidOperationException("engine failed"), CancellationToken.None));

        var retried = await store.RunAsync(new StepRequest("evt-1", null, T0), _ => new EngineStep(), CancellationToken.None);

        Assert.Equal(StepStatus.Committed, retried.Status);
    }

    [Fact]
    public async Task A_timer_is_claimed_once_and_a_cancelled_timer_is_never_due()
    {
        var c = NewCase();
        var set = new EngineStep();
        set.Cases.Add(new CaseChange(c, 0, []));
        set.Timers.Add(new SetTimer(c.Id, "a", TimerKinds.AutoClose, T0));
        set.Timers.Add(new SetTimer(c.Id, "b", TimerKinds.AutoClose, T0));
        set.Timers.Add(new CancelTimers(c.Id, "b"));
        await store.RunAsync(new StepRequest(null, null, T0), _ => set, CancellationToken.None);

        var due = Assert.Single(await store.DueTimersAsync(T0, 10, CancellationToken.None));
        Assert.Empty(await store.DueTimersAsync(T0 - Duration.FromMilliseconds(1), 10, CancellationToken.None));
        var first = await store.RunAsync(new StepRequest(null, due.Id, T0), _ => new EngineStep(), CancellationToken.None);
        var second = await store.RunAsync(new StepRequest(null, due.Id, T0), _ => new EngineStep(), CancellationToken.None);

        Assert.Equal(StepStatus.Committed, first.Status);
        Assert.Equal(StepStatus.StaleTimer, second.Status);
    }

    private static EngineStep Step(CaseChange change)
    {
        var step = new EngineStep();
        step.Cases.Add(change);
        return step;
    }

    private static CaseRecord NewCase() => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Number = "SUP-000001",
        Status = CaseStatus.New,
        SeverityId = "sev2",
        SeverityReason = "test",
        Reporter = new UserRef(ChannelKind.Local, "rita", "Rita"),
        ReportedIn = new ConversationRef(ChannelKind.Local, "dm:rita", true),
        Answers = new Dictionary<string, string>(),
        OpenedAt = T0,
        ResponseDueAt = T0 + Duration.FromHours(1),
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
