using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Storage;
using SupportBot.Storage.Sqlite;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Storage;

/// <summary>The desk read from the store: configuration with the registrations over it, shared by instances on one file.</summary>
public sealed class SqliteDeskSourceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly ConversationRef Configured = new(ChannelKind.Slack, "C0TRIAGE", false);
    private static readonly ConversationRef Registered = new(ChannelKind.Teams, "19:ops@thread.tacv2", false, "https://smba.trafficmanager.net/emea/");

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-desk-source-").FullName;
    private readonly TestClock clock = new(T0);
    private readonly SqliteDatabase database;
    private readonly StepStore store;

    public SqliteDeskSourceTests()
    {
        database = new SqliteDatabase(Path.Combine(folder, "store.db"));
        database.Migrate();
        store = new StepStore(database, PolicyYaml.Valid(PolicyYaml.Minimal));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_registration_replaces_configuration_at_once_here_and_within_five_seconds_on_another_instance()
    {
        var here = Source();
        var there = Source();
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

    [Fact]
    public async Task The_latest_registration_of_a_role_wins_and_survives_a_new_instance()
    {
        await Register(DeskRole.Bridges, new ConversationRef(ChannelKind.Local, "managers", false));
        await Register(DeskRole.Bridges, Registered);

        var desk = Source().Current;

        Assert.Equal(Registered, desk.Bridges);
        Assert.Equal(ChannelKind.Teams, desk.BridgePlatform(ChannelKind.Slack));
        Assert.Equal(1, new Hosting.HostDb(database.Path).Count("SELECT count(*) FROM desk_channels"));
    }

    private StoredDeskSource Source() =>
        new(new Desk(Configured, Configured with { Id = "C0MANAGERS" }), database, clock, NullLogger<StoredDeskSource>.Instance);

    private Task<StepOutcome> Register(DeskRole role, ConversationRef channel) =>
        store.RunAsync(new StepRequest(null, null, Instant.FromDateTimeOffset(clock.GetUtcNow())), _ =>
        {
            var step = new EngineStep();
            step.DeskChanges.Add(new DeskRegistration(role, channel, new UserRef(ChannelKind.Teams, "29:manager", "Megan"), Instant.FromDateTimeOffset(clock.GetUtcNow())));
            return step;
        }, CancellationToken.None);
}
