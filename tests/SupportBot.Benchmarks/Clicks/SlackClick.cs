using System.Globalization;
using SupportBot.Tests.Cluster;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Benchmarks.Clicks;

public enum ClickKind
{
    /// <summary>The triage card's Claim on a case nobody owned when the level began; two agents click it, one wins.</summary>
    Claim,

    /// <summary>The page's Acknowledge on a page nobody has answered yet.</summary>
    Acknowledge,

    /// <summary>Claim again, by another agent, on a case claimed before: answered with who has it.</summary>
    Reclaim,
}

/// <summary>One click, its body built before the load starts (only the signature is made when it is sent).</summary>
public sealed record SlackClick(ClickKind Kind, string CaseNumber, string UserId, string Body);

/// <summary>Builds clicks on the buttons of messages the app posted to the fake workspace, each with its own action_ts as Slack gives.</summary>
public sealed class SlackClickBuilder(SlackClicks clicks)
{
    private readonly long seconds = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
    private int sequence;

    public SlackClick Build(ClickKind kind, string caseNumber, string userId, string channel, IEnumerable<FakeMessage> messages)
    {
        var verb = kind == ClickKind.Acknowledge ? "escalation.ack" : "case.claim";
        var (message, button) = SlackClicks.Find(messages, caseNumber, verb);
        var actionTs = string.Create(CultureInfo.InvariantCulture, $"{seconds}.{Interlocked.Increment(ref sequence):D6}");
        return new SlackClick(kind, caseNumber, userId, clicks.Body(userId, channel, message, button, actionTs));
    }
}
