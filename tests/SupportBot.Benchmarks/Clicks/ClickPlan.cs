namespace SupportBot.Benchmarks.Clicks;

/// <summary>A case claimed in the run, and the first of the two agents who clicked Claim on it.</summary>
public sealed record Claimed(string CaseNumber, string FirstAgent);

/// <summary>One level's clicks, in the order they are sent, and the cases it claims.</summary>
public sealed record ClickLevel(IReadOnlyList<SlackClick> Clicks, IReadOnlyList<Claimed> Claimed);

/// <summary>
/// Hands out the open cases to the levels, each case to one level: Claim clicked by two agents (as
/// when several see a new card at once: one wins, the other is told who has it) and the page's
/// Acknowledge by the on-call person; and a fifth as many late claims, by yet another agent, on cases
/// an earlier level claimed. The order within a level is shuffled, the same in every run.
/// </summary>
public sealed class ClickPlan(ClickDesk desk, IReadOnlyList<string> numbers)
{
    // As the set-up left them: a second claim is a click on the card as its clicker still sees it, Claim button and all.
    private readonly (string Channel, ILookup<string, Tests.Slack.Fakes.FakeMessage> ByCase) cards = desk.Cards();
    private readonly (string Channel, ILookup<string, Tests.Slack.Fakes.FakeMessage> ByCase) pages = desk.Pages();

    private readonly Random shuffle = new(10);
    private readonly List<SlackClick> sent = [];
    private int next;

    /// <summary>Every click of every level handed out so far.</summary>
    public IReadOnlyList<SlackClick> Sent => sent;

    public ClickLevel Level(int cases, IReadOnlyList<Claimed> reclaimFrom)
    {
        ArgumentNullException.ThrowIfNull(reclaimFrom);
        if (next + cases > numbers.Count)
        {
            throw new InvalidOperationException($"Only {numbers.Count - next} unclicked cases left for a level of {cases}.");
        }
        var (triage, cardsByCase) = cards;
        var (direct, pagesByCase) = pages;
        var clicks = new List<SlackClick>();
        var claimed = new List<Claimed>();
        foreach (var number in numbers.Skip(next).Take(cases))
        {
            var agent = desk.Agents[next++ % desk.Agents.Count];
            clicks.Add(desk.Clicks.Build(ClickKind.Claim, number, agent, triage, cardsByCase[number]));
            clicks.Add(desk.Clicks.Build(ClickKind.Claim, number, desk.AgentAfter(agent), triage, cardsByCase[number]));
            clicks.Add(desk.Clicks.Build(ClickKind.Acknowledge, number, ClicksPolicy.OnCall, direct, pagesByCase[number]));
            claimed.Add(new Claimed(number, agent));
        }
        for (var i = 0; i < cases / 5 && reclaimFrom.Count > 0; i++)
        {
            var before = reclaimFrom[i % reclaimFrom.Count];
            var other = desk.AgentAfter(desk.AgentAfter(before.FirstAgent));
            clicks.Add(desk.Clicks.Build(ClickKind.Reclaim, before.CaseNumber, other, triage, cardsByCase[before.CaseNumber]));
        }
        shuffle.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(clicks));
        sent.AddRange(clicks);
        return new ClickLevel(clicks, claimed);
    }
}
