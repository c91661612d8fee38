using System.Globalization;

namespace SupportBot.Local;

/// <summary>
/// The local workspace's changes in order, for the page's live stream. Each change has a cursor
/// <c>{epoch}-{sequence}</c>; a page that reconnects with its last cursor gets everything after it.
/// Only the latest <see cref="Capacity"/> changes are kept, in memory: a cursor from before a
/// restart (another epoch) or from further back is answered with "reload", never with a silent gap.
/// </summary>
public sealed class LocalFeed
{
    public const int Capacity = 1024;

    private readonly string epoch = Guid.NewGuid().ToString("N")[..12];
    private readonly Lock gate = new();
    private readonly Queue<(long Sequence, LocalChange Change)> recent = new();
    private long last;
    private TaskCompletionSource published = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The cursor of the latest change: a reader starting from here misses nothing that follows.</summary>
    public string Cursor
    {
        get
        {
            lock (gate)
            {
                return CursorOf(last);
            }
        }
    }

    public void Publish(LocalChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        TaskCompletionSource wake;
        lock (gate)
        {
            recent.Enqueue((++last, change));
            if (recent.Count > Capacity)
            {
                recent.Dequeue();
            }
            wake = published;
            published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.SetResult();
    }

    /// <summary>
    /// The changes after <paramref name="cursor"/> with their cursors, and a task that completes at the
    /// next publication after this read; <c>Changes</c> is null when the cursor cannot be continued.
    /// </summary>
    public (IReadOnlyList<(string Cursor, LocalChange Change)>? Changes, Task Next) After(string? cursor)
    {
        lock (gate)
        {
            var oldest = recent.Count == 0 ? last + 1 : recent.Peek().Sequence;
            if (Sequence(cursor) is not { } from || from > last || from < oldest - 1)
            {
                return (null, published.Task);
            }
            return ([.. recent.Where(r => r.Sequence > from).Select(r => (CursorOf(r.Sequence), r.Change))], published.Task);
        }
    }

    private long? Sequence(string? cursor)
    {
        var prefix = epoch + "-";
        return cursor is not null && cursor.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(cursor.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : null;
    }

    private string CursorOf(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{epoch}-{sequence}");
}
