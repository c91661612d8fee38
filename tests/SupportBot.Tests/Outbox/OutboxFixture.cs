using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Tests.Outbox;

/// <summary>A real SQLite file in a temp folder, a test clock, and dispatchers built on them.</summary>
public sealed class OutboxFixture : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "supportbot-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public OutboxFixture()
    {
        Database = new SqliteDatabase(Path.Combine(folder, "supportbot.db"));
        Database.Migrate();
        Store = new OutboxStore(Database);
        Metrics = new OutboxMetrics(Meters, Store, Clock);
    }

    public OutboxMetrics Metrics { get; }

    public SqliteDatabase Database { get; }

    public OutboxStore Store { get; }

    public TestClock Clock { get; } = new(T0);

    public OutboxSignal Signal { get; } = new();

    public IMeterFactory Meters => services.GetRequiredService<IMeterFactory>();

    public static ConversationRef Triage { get; } = new(ChannelKind.Slack, "C-TRIAGE", IsDirect: false);

    public static OutboundMessage Card(string text) => new("case-opened", new JsonObject { ["text"] = text }, text);

    public static PostMessage Post(string text, ConversationRef? to = null, string? key = null) =>
        new(to ?? Triage, Card(text), key) { CaseNumber = "SUP-000042" };

    public OutboxDispatcher Dispatcher(
        IEnumerable<IChatChannel> channels,
        OutboxOptions? options = null,
        IDeadLetterNotifier? notifier = null,
        Random? random = null,
        OutboxStore? store = null)
    {
        options ??= new OutboxOptions();
        store ??= Store;
        return new OutboxDispatcher(
            store,
            new OutboxDelivery(new ChannelRouter(channels), store, NullLogger<OutboxDelivery>.Instance),
            new RetryPolicy(options, random ?? new FixedRandom(0.5)),
            Signal,
            Metrics,
            notifier ?? new LoggingDeadLetterNotifier(NullLogger<LoggingDeadLetterNotifier>.Instance),
            Options.Create(options),
            Clock,
            NullLogger<OutboxDispatcher>.Instance);
    }

    public Task<long> EnqueueAsync(Outgoing op) => Store.EnqueueAsync(op, Clock.GetUtcNow(), CancellationToken.None);

    public async Task<OutboxEntry> RowAsync(long id) =>
        await Store.FindAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"No outbox row {id}.");

    public void Dispose()
    {
        services.Dispose();
        Signal.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>A Random that always draws the same fraction, so jittered delays are predictable.</summary>
public sealed class FixedRandom(double fraction) : Random
{
    public override double NextDouble() => fraction;

    protected override double Sample() => fraction;
}

/// <summary>Keeps the dead letters it is told about.</summary>
public sealed class RecordingNotifier : IDeadLetterNotifier
{
    private readonly List<DeadLetter> letters = [];

    public IReadOnlyList<DeadLetter> Letters
    {
        get
        {
            lock (letters)
            {
                return [.. letters];
            }
        }
    }

    public Task NotifyAsync(DeadLetter letter, CancellationToken ct)
    {
        lock (letters)
        {
            letters.Add(letter);
        }
        return Task.CompletedTask;
    }
}
