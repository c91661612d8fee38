using NodaTime;
using NodaTime.Text;
using SupportBot.Core;
using SupportBot.Core.Cases;
using SupportBot.Core.Policy;
using SupportBot.Storage;

namespace SupportBot.Dashboard;

/// <summary>
/// The head of the open queue for the dashboard, in the engine's queue order (severity, then time of
/// receipt), with the due instants the page counts down to, and how many are open in all. The page
/// counts from <see cref="QueueView.AsOf"/>, the server's clock, so a browser whose clock is off still
/// shows the right time left.
/// </summary>
/// <param name="Cases">The first <see cref="Limit"/> open cases: a desk of 100,000 is not one page.</param>
/// <param name="Count">How many cases are open in all.</param>
/// <param name="More">How many of them are not in <paramref name="Cases"/>.</param>
public sealed record QueueView(string AsOf, IReadOnlyList<QueueCase> Cases, int Count, int More)
{
    /// <summary>What a team works from: the most urgent cases, more than a screen of them, each with its live clocks.</summary>
    public const int Limit = 100;

    public static QueueView Read(IDatabase database, SupportPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(policy);
        var now = time.GetCurrentInstant();
        using var connection = database.Open();
        using var transaction = database.BeginRead(connection);
        var head = new StoredEngineState(connection, transaction).OpenQueueHead(Limit);
        return new(Iso(now), [.. head.First.Select(c => QueueCase.Of(c, policy, now))], head.Count, head.Count - head.First.Count);
    }

    internal static string Iso(Instant t) => InstantPattern.ExtendedIso.Format(t);
}

/// <param name="Response">Running until the first response; then met or missed.</param>
/// <param name="Resolution">Paused (no due instant) while waiting on the customer.</param>
public sealed record QueueCase(
    string Number, string Title, string SeverityId, string SeverityName, string Status, string? Owner, string? Customer,
    string OpenedAt, QueueClock Response, QueueClock Resolution, bool Breached)
{
    public static QueueCase Of(CaseRecord c, SupportPolicy policy, Instant now)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(policy);
        var name = policy.Severities.FirstOrDefault(s => s.Id == c.SeverityId)?.Name ?? c.SeverityId;
        var response = c.FirstResponseAt is { } first
            ? new QueueClock(first <= c.ResponseDueAt ? QueueClock.Met : QueueClock.Missed, QueueView.Iso(c.ResponseDueAt))
            : new QueueClock(now > c.ResponseDueAt ? QueueClock.Missed : QueueClock.Running, QueueView.Iso(c.ResponseDueAt));
        var resolution = c.ResolutionDueAt is { } due
            ? new QueueClock(now > due ? QueueClock.Missed : QueueClock.Running, QueueView.Iso(due))
            : new QueueClock(QueueClock.Paused, null);
        return new(c.Number, c.Title, c.SeverityId, name, c.Status.Title(), c.Owner?.Name, c.Customer, QueueView.Iso(c.OpenedAt),
            response, resolution, response.State == QueueClock.Missed || resolution.State == QueueClock.Missed);
    }
}

/// <summary>One clock: its state and, while it can still run out, the instant it is due.</summary>
public sealed record QueueClock(string State, string? Due)
{
    public const string Running = "running";
    public const string Met = "met";
    public const string Missed = "missed";
    public const string Paused = "paused";
}
