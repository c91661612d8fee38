using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Storage;
using SupportBot.Teams;
using SupportBot.Teams.Connector;
using SupportBot.Tests.Slack.Fakes;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams;

/// <summary>
/// The Teams services exactly as <see cref="TeamsSetup.AddTeamsConnector"/> registers them, pointed at
/// a <see cref="FakeConnector"/> (its token endpoint, and its root as the one allowed service URL),
/// on a test clock, with every log line captured at Trace.
/// </summary>
public sealed class TeamsRig : IAsyncDisposable
{
    public const string Triage = "19:triage@thread.tacv2";
    public const string Bridges = "19:bridges@thread.tacv2";

    // The team memory and the bridges keep their state in a store of their own.
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-teamsrig-").FullName;
    private WebApplication app = null!;

    private TeamsRig(FakeConnector fake, TimeProvider clock)
    {
        Fake = fake;
        Clock = clock;
    }

    public FakeConnector Fake { get; }

    public TimeProvider Clock { get; }

    public LogCapture Logs { get; } = new();

    public string AllLogs => string.Join('\n', Logs.Lines);

    public TeamsChannel Channel => app.Services.GetRequiredService<TeamsChannel>();

    public TeamsConnectorClient Client => app.Services.GetRequiredService<TeamsConnectorClient>();

    public TeamsTokenProvider Tokens => app.Services.GetRequiredService<TeamsTokenProvider>();

    public IServiceProvider Services => app.Services;

    /// <summary>The rig's own store: team memory, bridges, and what the adapter queued in the outbox.</summary>
    public string DatabasePath => Path.Combine(folder, "supportbot.db");

    public static async Task<TeamsRig> StartAsync(TimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    {
        clock ??= new TestClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var fake = await FakeConnector.StartAsync(clock);
        fake.AddConversation(Triage);
        fake.AddConversation(Bridges);
        var rig = new TeamsRig(fake, clock);
        rig.Build(settings);
        return rig;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await Fake.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private void Build(IDictionary<string, string?>? overrides)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        var settings = new Dictionary<string, string?>
        {
            ["SupportBot:Teams:AppId"] = FakeConnector.AppId,
            ["SupportBot:Teams:AppPassword"] = FakeConnector.AppPassword,
            ["SupportBot:Teams:TenantId"] = FakeConnector.TenantId,
            ["SupportBot:Teams:TokenEndpoint"] = Fake.TokenEndpoint.AbsoluteUri,
            ["SupportBot:Teams:AllowedServiceUrls:0"] = Fake.ServiceUrl,
            ["SupportBot:Teams:ServiceUrl"] = Fake.ServiceUrl,
            ["SupportBot:Teams:TriageChannel"] = Triage,
            ["SupportBot:Teams:BridgesChannel"] = Bridges,
            // The test clock moves only when a test says so: a paced call would wait for ever.
            ["SupportBot:Teams:PaceSends"] = "false",
            ["Logging:LogLevel:Default"] = "Trace",
            ["SupportBot:Storage:SqlitePath"] = DatabasePath,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton(Clock);
        builder.AddStorage();
        // What the engine's desk would say with these settings; a test registers channels through a TestHost.
        builder.Services.AddSingleton<IDeskSource>(new FixedDesk(new Desk(Conversation(settings["SupportBot:Teams:TriageChannel"]), null)
        {
            Bridges = Conversation(settings["SupportBot:Teams:BridgesChannel"]),
        }));
        builder.AddTeamsConnector();
        app = builder.Build();
        app.MigrateStorage();
    }

    private ConversationRef? Conversation(string? id) => string.IsNullOrEmpty(id) ? null : new(ChannelKind.Teams, id, false, Fake.ServiceUrl);
}
