using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Storage;

/// <summary>The step store's contract, on every provider; two stores on one database stand for two instances.</summary>
public sealed class StepStoreTests : IDisposable
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private static readonly SupportBot.Core.Policy.SupportPolicy Policy =
        SupportBot.Policy.PolicyLoader.Load(PolicyYaml.RepositoryFile("policies/operational-guide.yml")).Policy!;

    private TestDatabase? db;

    private StepStore Open(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        return new StepStore(db.Database, Policy);
    }

    private HostDb Rows => new(db!.Database);

    [Theory, SqliteData, PostgresData]
    public async Task A_write_based_on_a_stale_version_is_decided_again_on_the_new_state(StorageProvider provider)
    {
        var store = Open(provider);
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
        Assert.Equal(1, Rows.Count("SELECT count(*) FROM cases WHERE version = 3 AND data LIKE '%\"tier\":2%'"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_step_that_fails_commits_nothing_not_even_the_inbound_event_id(StorageProvider provider)
    {
        var store = Open(provider);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RunAsync(new StepRequest("evt-1", null, T0),
            _ => throw new InvalidOperationException("engine failed"), CancellationToken.None));

        var retried = await store.RunAsync(new StepRequest("evt-1", null, T0), _ => new EngineStep(), CancellationToken.None);

        Assert.Equal(StepStatus.Committed, retried.Status);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_timer_is_claimed_once_and_a_cancelled_timer_is_never_due(StorageProvider provider)
    {
        var store = Open(provider);
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

    [Theory, SqliteData, PostgresData]
    public async Task Cases_opened_at_once_on_two_instances_get_unique_numbers(StorageProvider provider)
    {
        var stores = TwoInstances(provider);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => stores[i % 2].RunAsync(
            new StepRequest($"open-{i}", null, T0),
            state => Step(new CaseChange(NewCase() with { Number = state.NextCaseNumber("SUP") }, 0, [])),
            CancellationToken.None))));

        Assert.All(outcomes, o => Assert.Equal(StepStatus.Committed, o.Status));
        var numbers = Rows.Texts("SELECT number FROM cases ORDER BY number");
        Assert.Equal(Enumerable.Range(1, 100).Select(n => $"SUP-{n:D6}"), numbers);
    }

    [Theory, SqliteData, PostgresData]
    public async Task One_inbound_event_delivered_to_two_instances_at_once_is_processed_once(StorageProvider provider)
    {
        var stores = TwoInstances(provider);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => stores[i % 2].RunAsync(
            new StepRequest("slack-event-1", null, T0), _ => Step(new CaseChange(NewCase(), 0, [])), CancellationToken.None))));

        Assert.Single(outcomes, o => o.Status == StepStatus.Committed);
        Assert.Equal(1, Rows.Count("SELECT count(*) FROM cases"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Due_timers_swept_by_two_instances_at_once_fire_once_each(StorageProvider provider)
    {
        var stores = TwoInstances(provider);
        var c = NewCase();
        var set = Step(new CaseChange(c, 0, []));
        set.Timers.AddRange(Enumerable.Range(0, 200).Select(i => new SetTimer(c.Id, $"t{i}", TimerKinds.AutoClose, T0)));
        await stores[0].RunAsync(new StepRequest(null, null, T0), _ => set, CancellationToken.None);
        var fired = 0;

        // Each instance sweeps everything it sees as due, in its own order, at the same time as the other.
        await Task.WhenAll(stores.Select((store, n) => Task.Run(async () =>
        {
            var due = await store.DueTimersAsync(T0, 500, CancellationToken.None);
            foreach (var timer in n == 0 ? due : due.Reverse())
            {
                var outcome = await store.RunAsync(new StepRequest(null, timer.Id, T0), _ => new EngineStep(), CancellationToken.None);
                if (outcome.Status == StepStatus.Committed)
                {
                    Interlocked.Increment(ref fired);
                }
            }
        })));

        Assert.Equal(200, fired);
        Assert.Equal(200, Rows.Count("SELECT count(*) FROM timers WHERE status = 'fired'"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_agents_claiming_one_case_through_two_instances_give_one_owner(StorageProvider provider)
    {
        var stores = TwoInstances(provider);
        var c = NewCase();
        await stores[0].RunAsync(new StepRequest(null, null, T0), _ => Step(new CaseChange(c, 0, [])), CancellationToken.None);
        var agents = new[] { new UserRef(ChannelKind.Local, "ann", "Ann"), new UserRef(ChannelKind.Local, "bob", "Bob") };

        // The claim as the engine decides it: only an unowned case can be claimed.
        var claims = await Task.WhenAll(agents.Select((agent, n) => Task.Run(() => stores[n].RunAsync(new StepRequest($"claim-{n}", null, T0), state =>
        {
            var current = state.FindCaseById(c.Id)!;
            return current.Owner is null ? Step(new CaseChange(current with { Owner = agent }, current.Version, [])) : new EngineStep();
        }, CancellationToken.None))));

        Assert.Single(claims, o => o.Step!.Cases.Count == 1);
        var owner = Assert.Single(Rows.Texts("SELECT owner_key FROM cases"));
        Assert.Contains(owner, agents.Select(a => a.Key));
        Assert.Equal(2, Rows.Count("SELECT version FROM cases"));
    }

    private StepStore[] TwoInstances(StorageProvider provider) => [Open(provider), new StepStore(db!.OpenAnother(), Policy)];

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

    public void Dispose() => db?.Dispose();
}
