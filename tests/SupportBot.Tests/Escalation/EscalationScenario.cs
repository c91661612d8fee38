using SupportBot.Local;
using SupportBot.Outbox;
using SupportBot.Scheduling;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Escalation;

/// <summary>
/// The real app on a SQLite file the test owns, with the default preset or the default preset with
/// its escalation ladders replaced, and a clock that moves only when the test says so.
/// </summary>
public sealed class EscalationScenario : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-escalation-").FullName;
    private readonly string? policyPath;

    public EscalationScenario(DateTimeOffset start, string? escalationYaml = null)
    {
        Clock = new TestClock(start);
        if (escalationYaml is not null)
        {
            policyPath = Path.Combine(folder, "policy.yml");
            File.WriteAllText(policyPath, WithEscalation(escalationYaml));
        }
    }

    public TestClock Clock { get; }

    public TestHost Host { get; private set; } = null!;

    public HostDb Db => new(Path.Combine(folder, "supportbot.db"));

    public LocalChannel Local => Host.Get<LocalChannel>();

    public async Task<EscalationScenario> StartAsync()
    {
        Host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), Clock, policyPath);
        return this;
    }

    /// <summary>Stops the host and starts another on the same file: a restart.</summary>
    public async Task RestartAsync(TimeSpan downFor)
    {
        await Host.DisposeAsync();
        Clock.Advance(downFor);
        await StartAsync();
    }

    /// <summary>Moves the clock, fires whatever fell due and delivers what that sent.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
        await DeliverAsync();
    }

    public Task DeliverAsync() => Host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);

    public string CaseId(string number = "SUP-000001") => Db.Text("SELECT id FROM cases WHERE number = @number", new { number })!;

    /// <summary>The case log's event types in order, without the reminders to triage (noise for these tests).</summary>
    public List<string> Log(string number = "SUP-000001") =>
        [.. Db.Texts("SELECT e.type FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = @number AND e.type NOT LIKE 'response-%' ORDER BY e.id", new { number })];

    /// <summary>Who each page went to, in order: "level/attempt:person".</summary>
    public List<string> Pages(string number = "SUP-000001") =>
        [.. Db.Texts("SELECT json_extract(e.data, '$.level') || '/' || json_extract(e.data, '$.attempt') || ':' || json_extract(e.data, '$.people') " +
            "FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = @number AND e.type = 'paged' ORDER BY e.id", new { number })];

    /// <summary>The page cards a person has in their direct conversation with the bot.</summary>
    public List<LocalMessage> PagesTo(string person) => [.. Local.Messages(LocalConversation.DirectId(person)).Where(m => m.Template == "page")];

    /// <summary>The person clicks Acknowledge on the latest page in their chat, as the workspace page would.</summary>
    public Task<LocalEventResult> AcknowledgeAsync(string person, int level, string number = "SUP-000001")
    {
        var page = PagesTo(person)[^1];
        return Host.PostAsync(new
        {
            id = Guid.NewGuid().ToString("N"),
            user = new { id = person, name = person },
            conversation = LocalConversation.DirectId(person),
            verb = "escalation.ack",
            data = new Dictionary<string, string> { ["case"] = CaseId(number), ["level"] = level.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            messageId = page.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary>The default preset with its <c>escalation:</c> section replaced.</summary>
    internal static string WithEscalation(string escalationYaml)
    {
        var preset = File.ReadAllText(PolicyYaml.RepositoryFile("policies/operational-guide.yml"));
        var start = preset.IndexOf("\nescalation:", StringComparison.Ordinal);
        var end = preset.IndexOf("\ncontacts:", StringComparison.Ordinal);
        return preset[..(start + 1)] + escalationYaml.TrimEnd() + "\n" + preset[end..];
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        Directory.Delete(folder, recursive: true);
    }
}
