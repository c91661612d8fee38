using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Dashboard;

/// <summary>Cases of the default preset's severities, reported through the local workspace's intake.</summary>
public static class DashboardCases
{
    /// <param name="impact">global (Severity 1), regional (Severity 2) or single-customer (Severity 3).</param>
    public static async Task ReportAsync(TestHost host, string user, string title, string impact)
    {
        ArgumentNullException.ThrowIfNull(host);
        var answers = LocalPeople.Severity1Answers(title);
        answers["impact"] = impact;
        await host.PostAsync(LocalPeople.Say(user, title));
        await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.next", answers));
        await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.continue"));
        var opened = await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.submit"));
        Assert.Equal("case-opened", opened.Card);
    }

    /// <summary>
    /// More open cases than the dashboard lists, written straight to the store in one step (reporting each
    /// through the intake would take minutes): of every severity, received a minute apart in a shuffled
    /// order before <paramref name="now"/>. Returns them in queue order: by severity, then time of receipt.
    /// </summary>
    public static async Task<IReadOnlyList<CaseRecord>> OpenManyAsync(TestHost host, int count, Instant now)
    {
        ArgumentNullException.ThrowIfNull(host);
        var policy = host.Services.GetRequiredService<SupportPolicy>();
        var reporter = new UserRef(ChannelKind.Local, "rita", "Rita");
        var step = new EngineStep();
        foreach (var i in Enumerable.Range(0, count))
        {
            var at = now - Duration.FromMinutes(1 + ((i * 37) % count));
            step.Cases.Add(new CaseChange(new CaseRecord
            {
                Id = $"many-{i:D4}",
                Number = $"MANY-{i:D6}",
                Status = CaseStatus.New,
                SeverityId = policy.Severities[i % policy.Severities.Count].Id,
                SeverityReason = "test",
                Reporter = reporter,
                ReportedIn = new ConversationRef(ChannelKind.Local, "dm:rita", true),
                Answers = new Dictionary<string, string> { ["title"] = $"Case {i}" },
                OpenedAt = at,
                ResponseDueAt = at + Duration.FromHours(4),
                ResolutionDueAt = at + Duration.FromDays(2),
            }, 0, []));
        }
        await host.Services.GetRequiredService<IStepStore>().RunAsync(new StepRequest(null, null, now), _ => step, CancellationToken.None);
        return [.. step.Cases.Select(c => c.Case).OrderBy(c => policy.Rank(c.SeverityId)).ThenBy(c => c.OpenedAt)];
    }
}
