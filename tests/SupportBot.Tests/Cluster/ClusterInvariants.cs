using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.OutOfProcess;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Cluster;

/// <summary>What must hold in the shared database and in the fake Slack after three instances worked one desk; breaches are collected as sentences.</summary>
public sealed class ClusterInvariants(HostDb db, SqlDialect dialect, FakeSlack slack)
{
    public List<string> Problems { get; } = [];

    /// <summary>Exactly <paramref name="count"/> cases, numbered 1..count without gaps or repeats.</summary>
    public void CasesNumberedOnceEach(int count)
    {
        var numbers = db.Texts("SELECT number FROM cases ORDER BY number");
        if (!numbers.SequenceEqual(Enumerable.Range(1, count).Select(n => $"{ClusterPolicy.Prefix}-{n:D6}")))
        {
            Problems.Add($"{numbers.Count} cases, {numbers.Distinct().Count()} distinct numbers; expected {ClusterPolicy.Prefix}-000001..{count}");
        }
    }

    /// <summary>Every timer of every case but <paramref name="except"/> fired, once: one row each, fired, and one page or reminder event per timer.</summary>
    public void EveryTimerFiredOnce(string except)
    {
        Breaches("a timer that did not fire",
            "SELECT t.key || ' of ' || c.number || ': ' || t.status FROM timers t JOIN cases c ON c.id = t.case_id " +
            $"WHERE c.number <> @except AND t.status <> 'fired' AND {dialect.IsIn("t.key", "@keys")}", new { except, keys = ClusterPolicy.TimerKeys });
        foreach (var key in ClusterPolicy.TimerKeys)
        {
            Breaches($"a case without exactly one '{key}' timer",
                "SELECT number FROM cases c WHERE c.number <> @except AND (SELECT count(*) FROM timers t WHERE t.case_id = c.id AND t.key = @key) <> 1",
                new { except, key });
        }
        foreach (var (type, count) in new[] { ("paged", 1), ("response-reminder", 3) })
        {
            Breaches($"a case without exactly {count} '{type}' events",
                "SELECT number FROM cases c WHERE c.number <> @except AND (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.type = @type) <> @count",
                new { except, type, count });
        }
    }

    /// <summary>Nothing left pending or dead, and Slack got each delivered post exactly once (as after a crash).</summary>
    public void EveryMessageDeliveredOnce()
    {
        var messages = new CrashInvariants(db, slack, dialect);
        messages.EveryMessageDeliveredOnce();
        Problems.AddRange(messages.Problems);
    }

    private void Breaches(string what, string sql, object? args = null) =>
        Problems.AddRange(db.Texts(sql, args).Select(item => $"{what}: {item}"));
}
