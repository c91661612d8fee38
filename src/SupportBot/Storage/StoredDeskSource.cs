using System.Data.Common;
using NodaTime;
using SupportBot.Core;
using SupportBot.Core.Engine;

namespace SupportBot.Storage;

/// <summary>
/// The desk as configuration says, with the channels registered from chat laid over it (a registration
/// replaces the configured channel). Read from the store at most every <see cref="RefreshEvery"/>, so
/// that instances sharing the store agree within seconds, and at once after this process commits a
/// registration (<see cref="Reload"/>).
/// </summary>
public sealed partial class StoredDeskSource(Desk configured, IDatabase database, TimeProvider time, ILogger<StoredDeskSource> logger) : IDeskSource
{
    public static readonly Duration RefreshEvery = Duration.FromSeconds(5);

    private readonly Lock gate = new();
    private Desk? current;
    private Instant loadedAt;
    private bool stale = true;

    public Desk Configured { get; } = configured;

    public Desk Current
    {
        get
        {
            var now = time.GetCurrentInstant();
            lock (gate)
            {
                if (stale || current is null || now - loadedAt >= RefreshEvery || now < loadedAt)
                {
                    current = Load(current);
                    loadedAt = now;
                    stale = false;
                }
                return current;
            }
        }
    }

    /// <summary>Forgets what was read, so the next step sees a registration just committed.</summary>
    public void Reload()
    {
        lock (gate)
        {
            stale = true;
        }
    }

    private Desk Load(Desk? previous)
    {
        try
        {
            using var connection = database.Open();
            return Configured.With(DeskChannels.Read(connection));
        }
        catch (DbException e)
        {
            // A busy or missing file must not stop every step: keep what was read last (or configuration) and try again later.
            LogReadFailed(e);
            return previous ?? Configured;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the desk channels failed; using the last known desk")]
    private partial void LogReadFailed(Exception exception);
}
