using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Storage;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// A fresh database on one provider (a SQLite file unless told otherwise), a test clock, and dispatchers
/// built on them; each dispatcher is an instance of its own unless given the same instance id.
/// </summary>
public sealed class OutboxFixture : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase db;
    private readonly List<IDatabase> others = [];
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private int instances;

    public OutboxFixture(StorageProvider provider = StorageProvider.Sqlite)
    {
        db = TestDatabase.Create(provider);
        Store = new OutboxStore(Database);
        Metrics = new OutboxMetrics(Meters, Store, Clock);
    }

    public OutboxMetrics Metrics { get; }

    public IDatabase Database => db.Database;

    public OutboxStore Store { get; }

    public TestClock Clock { get; } = new(T0);

    public OutboxSignal Signal { get; } = new();

    public IMeterFactory Meters => services.GetRequiredService<IMeterFactory>();

    public static ConversationRef Triage { get; } = new(ChannelKind.Slack, "C-TRIAGE", IsDirect: false);

    public static OutboundMessage Card(string text) => new("case-opened", new JsonObject { ["text"] = text }, text);

    public static PostMessage Post(string text, ConversationRef? to = null, string? key = null) =>
        new(to ?? Triage, Card(text), key) { CaseNumber = "SUP-000042" };

    /// <summary>Another handle on the same database, as another instance (or a restarted process) opens it.</summary>
    public IDatabase OpenAnother()
    {
        var another = db.OpenAnother();
        others.Add(another);
        return another;
    }

    /// <param name="database">The handle the dispatcher's instance uses; the fixture's own by default.</param>
    /// <param name="instance">Its instance id; a new one per dispatcher by default, as every process has its own.</param>
    public OutboxDispatcher Dispatcher(
        IEnumerable<IChatChannel> channels,
        OutboxOptions? options = null,
        IDeadLetterNotifier? notifier = null,
        Random? random = null,
        IDatabase? database = null,
        InstanceId? instance = null)
    {
        options ??= new OutboxOptions();
        database ??= Database;
        instance ??= new InstanceId($"test-instance-{Interlocked.Increment(ref instances)}");
        var store = database == Database ? Store : new OutboxStore(database);
        return new OutboxDispatcher(
            store,
            new LaneLeases(database, instance, options.LeaseTimeout),
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

    /// <summary>
    /// The instance died after the platform's answer and before the outbox's commit: the row is pending
    /// again (its send began, so it is marked as such), and the keys it saved are unknown.
    /// </summary>
    public void LoseTheCommit(long id)
    {
        using var connection = Database.Open();
        connection.Execute("UPDATE outbox SET status = 'pending', delivered_at = NULL, attempts = 0 WHERE id = @id; DELETE FROM message_refs;", new { id });
    }

    public void Dispose()
    {
        services.Dispose();
        Signal.Dispose();
        foreach (var other in others.OfType<IDisposable>())
        {
            other.Dispose();
        }
        db.Dispose();
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
