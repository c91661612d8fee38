using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Storage;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Storage;

/// <summary>The desk read from the store: configuration with the registrations over it, shared by instances on one database.</summary>
public sealed class StoredDeskSourceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly ConversationRef Configured = new(ChannelKind.Slack, "C0TRIAGE", false);
    private static readonly ConversationRef Registered = new(ChannelKind.Teams, "19:ops@thread.tacv2", false, "https://smba.trafficmanager.net/emea/");

    private readonly TestClock clock = new(T0);
    private TestDatabase? db;
    private StepStore? store;

    public void Dispose() => db?.Dispose();

    private void Open(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        store = new StepStore(db.Database, PolicyYaml.Valid(PolicyYaml.Minimal));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_registration_replaces_configuration_at_once_here_and_within_five_seconds_on_another_instance(StorageProvider provider)
    {
        Open(provider);
        var here = Source(db!.Database);
        var there = Source(db.OpenAnother());
        Assert.Equal(Configured, here.Current.Triage);
        Assert.Equal(Configured, there.Current.Triage);

        await Register(DeskRole.Triage, Registered);
        here.Reload();

        Assert.Equal(Registered, here.Current.Triage);
        Assert.Equal(Configured, there.Current.Triage);
        clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(Configured, there.Current.Triage);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(Registered, there.Current.Triage);
        Assert.Equal(Configured with { Id = "C0MANAGERS" }, there.Current.Managers);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_latest_registration_of_a_role_wins_and_survives_a_new_instance(StorageProvider provider)
    {
        Open(provider);
        await Register(DeskRole.Bridges, new ConversationRef(ChannelKind.Local, "managers", false));
        await Register(DeskRole.Bridges, Registered);

        var desk = Source(db!.OpenAnother()).Current;

        Assert.Equal(Registered, desk.Bridges);
        Assert.Equal(ChannelKind.Teams, desk.BridgePlatform(ChannelKind.Slack));
        Assert.Equal(1, new Hosting.HostDb(db.Database).Count("SELECT count(*) FROM desk_channels"));
    }

    private StoredDeskSource Source(IDatabase database) =>
        new(new Desk(Configured, Configured with { Id = "C0MANAGERS" }), database, clock, NullLogger<StoredDeskSource>.Instance);

    private Task<StepOutcome> Register(DeskRole role, ConversationRef channel) =>
        store!.RunAsync(new StepRequest(null, null, Instant.FromDateTimeOffset(clock.GetUtcNow())), _ =>
        {
            var step = new EngineStep();
            step.DeskChanges.Add(new DeskRegistration(role, channel, new UserRef(ChannelKind.Teams, "29:manager", "Megan"), Instant.FromDateTimeOffset(clock.GetUtcNow())));
            return step;
        }, CancellationToken.None);
}
