using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Escalation;
using SupportBot.Core.OnCall;

namespace SupportBot.Core.Engine;

/// <summary>
/// The Severity 1 incident bridge (DESIGN §5): a channel opened through the platform port when a case
/// becomes Severity 1, with the people who need to be in it, a pinned status card kept current, the
/// cadence of updates, and a summary, timeline and archive on resolve.
/// </summary>
public sealed class BridgeSteps(EngineParts parts)
{
    /// <summary>Opens the bridge for a severity that wants one, once per case (a later downgrade keeps it).</summary>
    public CaseRecord Open(EngineStep step, List<CaseEvent> events, CaseRecord c, Instant now)
    {
        var severity = parts.Policy.Severity(c.SeverityId);
        if (!severity.OpensBridge || c.BridgeKey is not null)
        {
            return c;
        }
        // A reopened incident gets a fresh bridge: the first one was archived on resolve.
        var suffix = c.ReopenCount > 0 ? $"-r{c.ReopenCount}" : "";
        var key = $"case:{c.Id}:bridge{suffix}";
        var platform = parts.Desk.BridgePlatform(c.ReportedIn.Channel);
        var name = BridgeName.For(c.Number + suffix, c.Title);
        var cadence = severity.UpdateEvery is { } every ? $" Updates every {every.Text}." : "";
        var topic = $"{c.Number} {severity.Name}: {c.Title}.{cadence}";
        var after = c with { BridgeKey = key };
        var (members, why) = Members(after, platform, now);
        step.Outbox.Add(new CreateChannel(platform, key, name, topic) { CaseNumber = c.Number });
        if (members.Count > 0)
        {
            step.Outbox.Add(new InviteToChannel(key, members) { CaseNumber = c.Number });
        }
        step.Outbox.Add(new PostToChannel(key, parts.EscalationCards.BridgeStatus(after, now), after.BridgeStatusKey) { CaseNumber = c.Number });
        step.Outbox.Add(new PinMessage(after.BridgeStatusKey, Outgoing.ChannelLane(key)) { CaseNumber = c.Number });
        events.Add(EngineParts.Event(c, null, now, "bridge-opened",
            $"Opened the incident bridge #{name} and invited {(members.Count == 0 ? "nobody yet" : string.Join(", ", members.Select(m => m.Name)))}. {why}",
            new Dictionary<string, string> { ["name"] = name, ["members"] = string.Join(",", members.Select(m => m.Key)) }));
        return after;
    }

    /// <summary>Someone joins the incident later (a new owner): invite them if they are on the bridge's platform.</summary>
    public void Invite(EngineStep step, CaseRecord c, UserRef user)
    {
        if (c.BridgeKey is { } key && c.IsOpen && user.Channel == parts.Desk.BridgePlatform(c.ReportedIn.Channel))
        {
            step.Outbox.Add(new InviteToChannel(key, [user]) { CaseNumber = c.Number });
        }
    }

    /// <summary>On resolve: the summary and timeline in the bridge, the bridge archived, and the postmortem reminder set.</summary>
    public void Close(EngineStep step, CaseRecord c, IReadOnlyList<CaseEvent> log, Instant now)
    {
        if (c.BridgeKey is not { } key)
        {
            return;
        }
        step.Outbox.Add(new PostToChannel(key, parts.EscalationCards.IncidentSummary(c, log, now), null) { CaseNumber = c.Number });
        step.Outbox.Add(new ArchiveChannel(key) { CaseNumber = c.Number });
        step.Timers.Add(parts.Postmortem(c, now));
    }

    /// <summary>
    /// Reporter, owner, and whoever each ladder level's role resolves to now (the
    /// people who would be paged), as far as they have an account on the bridge's platform.
    /// </summary>
    private (IReadOnlyList<UserRef> Members, string Why) Members(CaseRecord c, ChannelKind platform, Instant now)
    {
        var members = new List<UserRef>();
        void Add(UserRef user)
        {
            if (user.Channel == platform && !members.Any(m => m.Key == user.Key))
            {
                members.Add(user);
            }
        }
        // Linked reporters (possibly other customers) get the updates by direct message, not a seat in the bridge.
        Add(c.Reporter);
        if (c.Owner is { } owner)
        {
            Add(owner);
        }
        var onCall = new List<string>();
        if (LadderClock.LadderFor(parts.Policy, c.SeverityId) is { } ladder)
        {
            foreach (var level in ladder.Levels)
            {
                var choice = OnDuty.Resolve(parts.Policy.People, level.Role, now);
                foreach (var person in choice.People)
                {
                    if (person.Accounts.TryGetValue(platform.Id(), out var account))
                    {
                        Add(new UserRef(platform, account, person.Name));
                    }
                }
                onCall.Add($"level {level.Number} ({level.Name}): {choice.Why}");
            }
        }
        return (members, onCall.Count == 0 ? "" : $"On call now: {string.Join("; ", onCall)}.");
    }
}
