using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;
using SupportBot.Slack;
using SupportBot.Slack.Api;
using SupportBot.Slack.BlockKit;
using SupportBot.Storage;
using SupportBot.Storage.Sqlite;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Slack;

/// <summary>
/// The Slack services exactly as <see cref="SlackSetup.AddSlackApi"/> registers them, pointed at a
/// <see cref="FakeSlack"/>, with a SQLite file in a temp folder, a clock that advances through
/// waits, and every log line captured (at Trace, so HttpClient's header logging runs too).
/// </summary>
public sealed class SlackRig : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 1, 40, TimeSpan.Zero);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "supportbot-tests", Guid.NewGuid().ToString("N"));
    private WebApplication app = null!;

    private SlackRig(FakeSlack fake, TimeProvider clock)
    {
        Fake = fake;
        Clock = clock;
    }

    public FakeSlack Fake { get; }

    public TimeProvider Clock { get; }

    public LogCapture Logs { get; } = new();

    public SqliteDatabase Database { get; private set; } = null!;

    public IServiceProvider Services => app.Services;

    public SlackApiClient Api => app.Services.GetRequiredService<SlackApiClient>();

    public SlackChannel Channel => app.Services.GetRequiredService<SlackChannel>();

    public SlackMessageStore Store => app.Services.GetRequiredService<SlackMessageStore>();

    /// <param name="clock">The clock for both the app and the fake; an <see cref="AdvancingClock"/> at <see cref="T0"/> by default.</param>
    /// <param name="services">Changes to the registrations (a timeout, a stub handler).</param>
    public static async Task<SlackRig> StartAsync(TimeProvider? clock = null, Action<IServiceCollection>? services = null, FakeSlack? fake = null)
    {
        clock ??= new AdvancingClock(T0);
        var rig = new SlackRig(fake ?? await FakeSlack.StartAsync(clock), clock);
        rig.Build(services);
        return rig;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await Fake.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Every log line so far, joined: what a secret must never appear in.</summary>
    public string AllLogs => string.Join('\n', Logs.Lines);

    private void Build(Action<IServiceCollection>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SupportBot:Slack:BotToken"] = FakeSlack.BotToken,
            ["SupportBot:Slack:AppToken"] = FakeSlack.AppToken,
            ["SupportBot:Slack:SocketMode"] = "true",
            ["SupportBot:Slack:ApiBaseUrl"] = Fake.ApiBaseUrl.AbsoluteUri,
            ["Logging:LogLevel:Default"] = "Trace",
        });
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton(Clock);
        Database = new SqliteDatabase(Path.Combine(folder, "supportbot.db"));
        Database.Migrate();
        builder.Services.AddSingleton<IDatabase>(Database);
        builder.Services.AddSingleton<ISlackRenderer, TextRenderer>();
        builder.AddSlackApi();
        configure?.Invoke(builder.Services);
        app = builder.Build();
    }
}

/// <summary>Stands in for the Block Kit translator: one section with the message's text.</summary>
public sealed class TextRenderer : ISlackRenderer
{
    public SlackMessage Message(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new SlackMessage(message.Text, [new JsonObject
        {
            ["type"] = "section",
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = message.Text },
        }]);
    }
}
