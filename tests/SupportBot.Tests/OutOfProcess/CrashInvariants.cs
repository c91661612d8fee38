using SupportBot.Slack.BlockKit;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.OutOfProcess;

/// <summary>
/// What must hold in the SQLite file and in the fake Slack after a crash and a restart, read from the
/// schema: each collects its breaches as sentences, so one run reports all of them.
/// </summary>
public sealed class CrashInvariants(HostDb db, FakeSlack slack, SqlDialect? dialect = null)
{
    /// <summary>The timers every case of <see cref="CrashPolicy"/> gets, each to fire once.</summary>
    public static readonly string[] TimerKeys = ["response:0.5", "ladder:1"];

    public List<string> Problems { get; } = [];

    /// <summary>Each report is exactly one case; a report acknowledged with a case number is that case.</summary>
    public void EveryReportIsOneCase(IReadOnlyList<SubmissionResult> firstTries)
    {
        ArgumentNullException.ThrowIfNull(firstTries);
        var cases = db.Rows<(string Marker, string Number)>("SELECT json_extract(data, '$.answers.title'), number FROM cases")
            .ToLookup(c => c.Marker, c => c.Number, StringComparer.Ordinal);
        foreach (var result in firstTries)
        {
            var numbers = cases[result.Report.Marker].ToList();
            if (numbers.Count != 1)
            {
                Problems.Add($"{result.Report.Marker} ({result.Outcome}) is {numbers.Count} cases: {string.Join(", ", numbers)}");
            }
            else if (result.Outcome == SubmissionOutcome.Acknowledged && result.CaseNumber != numbers[0])
            {
                Problems.Add($"{result.Report.Marker} was acknowledged as {result.CaseNumber ?? "no case"} but is {numbers[0]}: {result.Detail}");
            }
        }
        var markers = firstTries.Select(r => r.Report.Marker).ToHashSet(StringComparer.Ordinal);
        Problems.AddRange(cases.Where(c => !markers.Contains(c.Key)).Select(c => $"case {string.Join(", ", c)} is of no report ({c.Key})"));
    }

    /// <summary>Numbers without gaps, each case with its opening event, a projection that agrees with itself, its triage post and its timers.</summary>
    public void NoCaseIsHalfWritten()
    {
        var numbers = db.Texts("SELECT number FROM cases ORDER BY number");
        var expected = Enumerable.Range(1, numbers.Count).Select(n => $"{CrashPolicy.Prefix}-{n:D6}");
        if (!numbers.SequenceEqual(expected))
        {
            Problems.Add($"case numbers are not 1..{numbers.Count} without gaps");
        }
        Breaches("a case without exactly one opening event",
            "SELECT number FROM cases c WHERE (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.type = 'opened') <> 1");
        Breaches("a case whose columns disagree with its document",
            "SELECT number FROM cases WHERE json_extract(data, '$.id') IS NOT id OR json_extract(data, '$.number') IS NOT number " +
            "OR json_extract(data, '$.status') IS NOT status OR json_extract(data, '$.severityId') IS NOT severity OR version < 1");
        Breaches("a case without its triage card in the outbox",
            "SELECT number FROM cases c WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_number = c.number AND json_extract(o.payload, '$.op') = 'post')");
        foreach (var key in TimerKeys)
        {
            Breaches($"a case without exactly one '{key}' timer",
                "SELECT number FROM cases c WHERE (SELECT count(*) FROM timers t WHERE t.case_id = c.id AND t.key = @key) <> 1", new { key });
        }
        Breaches("an intake session left behind", "SELECT user_key FROM intake_sessions");
    }

    /// <summary>Every case's page and reminder timers fired, each once: one log event and one delivered message per timer.</summary>
    public void EveryTimerFiredOnce()
    {
        Breaches("a timer not fired", "SELECT t.key || ' of ' || c.number || ': ' || t.status FROM timers t JOIN cases c ON c.id = t.case_id " +
            "WHERE t.key IN ('response:0.5', 'ladder:1') AND t.status <> 'fired'");
        foreach (var type in new[] { "response-reminder", "paged" })
        {
            Breaches($"a case without exactly one '{type}' event",
                "SELECT number FROM cases c WHERE (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.type = @type) <> 1", new { type });
        }
        foreach (var op in new[] { "post", "direct" })
        {
            Breaches($"a case whose outbox has not one '{op}' per timer and card",
                "SELECT number FROM cases c WHERE (SELECT count(*) FROM outbox o WHERE o.case_number = c.number AND json_extract(o.payload, '$.op') = @op) <> @count",
                new { op, count = op == "post" ? 2 : 1 });
        }
    }

    /// <summary>
    /// Nothing pending or dead, and every message the outbox delivered reached Slack exactly once: the
    /// fake's chat.postMessage calls, by text, match the delivered rows one for one.
    /// </summary>
    public void EveryMessageDeliveredOnce()
    {
        Breaches("an outbox row not delivered", "SELECT id || ' ' || status || ': ' || coalesce(last_error, '') FROM outbox WHERE status <> 'delivered'");
        var sql = dialect ?? SqlDialect.Sqlite;
        var sent = db.Texts($"SELECT {sql.JsonText("payload", "message.text")} FROM outbox WHERE {sql.JsonText("payload", "op")} IN ('post', 'direct')")
            .Select(t => SlackText.TruncateMrkdwn(SlackText.Escape(t), BlockKitLimits.FallbackText))
            .CountBy(t => t).ToDictionary(StringComparer.Ordinal);
        var posted = slack.Calls("chat.postMessage").Where(c => !c.Injected).Select(c => c.Args["text"]?.GetValue<string>() ?? "")
            .CountBy(t => t).ToDictionary(StringComparer.Ordinal);
        foreach (var text in sent.Keys.Union(posted.Keys))
        {
            var (rows, calls) = (sent.GetValueOrDefault(text), posted.GetValueOrDefault(text));
            if (rows != calls)
            {
                Problems.Add($"posted {calls} times for {rows} outbox rows: {text}");
            }
        }
    }

    private void Breaches(string what, string sql, object? args = null) =>
        Problems.AddRange(db.Texts(sql, args).Select(item => $"{what}: {item}"));
}
