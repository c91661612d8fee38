using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace SupportBot.Tests.Corpus;

/// <summary>
/// The desk's state in the database at one moment: row counts of the tables that hold cases, their
/// log, timers, intake sessions, desk channels and the outbox, and a hash of their rows. Outbox rows
/// are hashed without their delivery columns, so a delivery in the background is not a change; the
/// outbox rows are also kept, to find the one reply a case may add.
/// </summary>
public sealed record DeskSnapshot(IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, string> Hashes, IReadOnlyList<string> Outbox)
{
    private static readonly (string Table, string Rows)[] Tables =
    [
        ("cases", "SELECT id, number, status, severity, reporter_key, owner_key, version, data FROM cases ORDER BY id"),
        ("case_events", "SELECT id, case_id, actor_key, type, summary, data FROM case_events ORDER BY id"),
        ("timers", "SELECT id, case_id, key, kind, due_at, status FROM timers ORDER BY id"),
        ("intake_sessions", "SELECT user_key, data FROM intake_sessions ORDER BY user_key"),
        ("counters", "SELECT name, value FROM counters ORDER BY name"),
        ("desk_channels", "SELECT * FROM desk_channels ORDER BY 1"),
        ("outbox", "SELECT id, lane, payload, case_number FROM outbox ORDER BY id"),
    ];

    public static DeskSnapshot Take(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (table, rows) in Tables)
        {
            var lines = connection.Query(rows).Select(r => string.Join('\u001f', ((IDictionary<string, object?>)r).Values.Select(v => v?.ToString() ?? "\u2400"))).ToList();
            counts[table] = lines.Count;
            hashes[table] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', lines))));
        }
        var outbox = connection.Query<string>("SELECT payload FROM outbox ORDER BY id").ToList();
        return new DeskSnapshot(counts, hashes, outbox);
    }

    /// <summary>The tables whose rows differ from <paramref name="before"/>, leaving out <paramref name="except"/>.</summary>
    public IReadOnlyList<string> ChangedSince(DeskSnapshot before, params string[] except)
    {
        ArgumentNullException.ThrowIfNull(before);
        return [.. Hashes.Keys.Where(t => !except.Contains(t) && (Hashes[t] != before.Hashes[t] || Counts[t] != before.Counts[t]))
            .Select(t => $"{t} ({before.Counts[t]} -> {Counts[t]} rows)")];
    }
}
