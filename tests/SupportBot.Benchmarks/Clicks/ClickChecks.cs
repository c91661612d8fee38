using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Benchmarks.Clicks;

/// <summary>
/// What the clicks must have done, read from the database and the fake workspace: each claimed case
/// has exactly one <c>claimed</c> event and one of its two claimers as owner, each page exactly one
/// acknowledgement, and every other claim was told, only to its clicker, who has the case.
/// </summary>
public sealed class ClickChecks(ClickDesk desk)
{
    public void Verify(IReadOnlyList<SlackClick> sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var problems = new List<string>();
        var cases = desk.Db.Rows<(string Number, string? Owner, long Claims, long Acks)>(
            "SELECT c.number, c.owner_key, " +
            "(SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.type = 'claimed'), " +
            "(SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.type = 'page-acknowledged') FROM cases c")
            .ToDictionary(c => c.Number);
        var told = desk.Slack.Ephemerals().Where(e => e.Channel == desk.Triage)
            .Select(e => (e.User, Text: (e.Text ?? "") + e.Blocks?.ToJsonString())).ToList();
        var losers = new List<SlackClick>();
        foreach (var claims in sent.Where(c => c.Kind == ClickKind.Claim).GroupBy(c => c.CaseNumber))
        {
            var owner = cases.TryGetValue(claims.Key, out var c) ? claims.FirstOrDefault(x => c.Owner == "slack:" + x.UserId) : null;
            if (c.Claims != 1 || owner is null)
            {
                problems.Add($"{claims.Key} claimed by {string.Join(" and ", claims.Select(x => x.UserId))}: "
                    + (c.Number is null ? "no such case" : $"{c.Claims} claimed events, owner {c.Owner ?? "none"}"));
            }
            losers.AddRange(claims.Where(x => x != owner));
        }
        foreach (var ack in sent.Where(c => c.Kind == ClickKind.Acknowledge))
        {
            if (!cases.TryGetValue(ack.CaseNumber, out var c) || c.Acks != 1)
            {
                problems.Add($"{ack.CaseNumber}'s page acknowledged: {c.Acks} page-acknowledged events");
            }
        }
        foreach (var reclaim in losers.Concat(sent.Where(c => c.Kind == ClickKind.Reclaim)))
        {
            var said = $"has already claimed {reclaim.CaseNumber}";
            var answers = told.Count(t => t.User == reclaim.UserId && t.Text.Contains(said, StringComparison.Ordinal));
            if (answers < 1)
            {
                problems.Add($"{reclaim.UserId}'s second claim of {reclaim.CaseNumber} was not told who has it");
            }
        }
        var unexpected = cases.Values.Count(c => c.Claims > 1 || c.Acks > 1);
        if (problems.Count > 0 || unexpected > 0)
        {
            throw new InvalidOperationException($"The clicks did not all do what they should: {problems.Count} problems, {unexpected} cases claimed or acknowledged twice\n"
                + string.Join('\n', problems.Take(20)));
        }
    }
}
