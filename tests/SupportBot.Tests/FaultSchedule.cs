namespace SupportBot.Tests;

/// <summary>
/// One scripted failure of a loopback fake: between <see cref="From"/> and <see cref="Until"/> on the
/// fake's clock, requests whose operation starts with one of <see cref="Operations"/> (all when null)
/// and whose target (a channel, user or conversation id) is <see cref="Target"/> (any when null) fail
/// with <see cref="Status"/>: a 429 carries <see cref="RetryAfter"/> seconds, a 200 (Slack) carries
/// the error <see cref="Code"/>, other statuses carry the platform's error body.
/// </summary>
public sealed record Fault(
    DateTimeOffset From, DateTimeOffset Until, int Status, int? RetryAfter = null, string? Code = null, string? Message = null,
    IReadOnlyList<string>? Operations = null, string? Target = null)
{
    public bool Matches(DateTimeOffset now, string operation, IReadOnlyCollection<string> targets) =>
        now >= From && now < Until
        && (Operations is null || Operations.Any(o => operation.StartsWith(o, StringComparison.Ordinal)))
        && (Target is null || targets.Contains(Target));
}

/// <summary>
/// A fault plan for a fake, on its clock, and the check that the client honoured each Retry-After the
/// fake announced: a request with a held key (the fake says what the limit applies to) that comes
/// more than <see cref="Grace"/> after the 429 and before the hold ends is recorded in
/// <see cref="EarlyRequests"/>. Requests within the grace may have been on their way, or past the
/// client's check, when the 429 was answered: the client could not have known. Faults that match
/// the same request take turns, so an outage can mix 500s and 429s.
/// </summary>
public sealed class FaultSchedule(TimeProvider clock)
{
    /// <summary>How soon after a 429 a request still counts as sent together with it (a test clock's step).</summary>
    public TimeSpan Grace { get; init; }

    private readonly Lock gate = new();
    private readonly List<Fault> faults = [];
    private readonly Dictionary<string, (DateTimeOffset From, DateTimeOffset Until)> holds = new(StringComparer.Ordinal);
    private readonly List<string> early = [];
    private readonly Dictionary<Fault, int> answered = [];
    private int turn;

    public IReadOnlyList<string> EarlyRequests
    {
        get
        {
            lock (gate)
            {
                return [.. early];
            }
        }
    }

    /// <summary>How many requests each fault has failed so far.</summary>
    public int Answered(Fault fault)
    {
        lock (gate)
        {
            return answered.GetValueOrDefault(fault);
        }
    }

    public FaultSchedule Add(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (gate)
        {
            faults.Add(fault);
        }
        return this;
    }

    /// <summary>
    /// Called by the fake for each request: notes it if <paramref name="holdKey"/> is still held,
    /// picks the fault that answers it (if any), and holds the key for a 429's Retry-After.
    /// </summary>
    public Fault? Next(string operation, IReadOnlyCollection<string> targets, string holdKey)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (holds.TryGetValue(holdKey, out var hold) && now > hold.From + Grace && now < hold.Until)
            {
                early.Add($"{operation} on {holdKey} at {now:O}, held from {hold.From:O} until {hold.Until:O}");
            }
            var matching = faults.Where(f => f.Matches(now, operation, targets)).ToList();
            if (matching.Count == 0)
            {
                return null;
            }
            var fault = matching[turn++ % matching.Count];
            answered[fault] = answered.GetValueOrDefault(fault) + 1;
            if (fault is { Status: 429, RetryAfter: { } seconds })
            {
                holds[holdKey] = (now, now.AddSeconds(seconds));
            }
            return fault;
        }
    }
}
