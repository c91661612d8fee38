using System.ComponentModel.DataAnnotations;

namespace SupportBot.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "SupportBot:Outbox";

    /// <summary>Attempts before an operation goes to the dead letters (with the defaults, about 35 minutes of trying).</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; init; } = 12;

    /// <summary>The first backoff ceiling; it doubles with every failed attempt, up to <see cref="MaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many conversations (lanes) are delivered to at once; one lane is always sequential. A lane
    /// waiting for its platform's pace (Slack's second per channel) or answer holds a place but no
    /// thread, so a backlog to many conversations drains at their pace only with many places; a lane
    /// ends its drain after <see cref="BatchSize"/> operations and gives up its place.
    /// </summary>
    [Range(1, 10_000)]
    public int Parallelism { get; init; } = 100;

    /// <summary>
    /// How many lanes read or write the store at once. Those calls may block a thread (SQLite's driver
    /// is synchronous) and queue on the database's one writer anyway: this bounds the threads the
    /// outbox takes from request handling.
    /// </summary>
    [Range(1, 64)]
    public int StoreParallelism { get; init; } = 8;

    /// <summary>Lanes claimed per take (at most the free places), and operations one lane delivers before it gives others a turn.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; init; } = 100;

    /// <summary>
    /// The longest the dispatcher sleeps with nothing due. Committers wake it, so this only catches rows
    /// written without a wake (another process on the same file, the CLI).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a lane stays with the instance working it without a renewal. The holder renews every
    /// <see cref="Heartbeat"/>, during slow platform calls too, so the lanes of an instance that died
    /// are taken over by another at most this long after its last heartbeat.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LeaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an instance renews the lanes it holds: several heartbeats fit in one <see cref="LeaseTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(2);
}
