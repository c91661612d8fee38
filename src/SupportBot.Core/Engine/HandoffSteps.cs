using NodaTime;
using SupportBot.Core.OnCall;

namespace SupportBot.Core.Engine;

/// <summary>
/// Follow-the-sun hand-offs: when a member of a follow-the-sun role starts their working day, they get
/// one summary card of the open cases of their region with the time left on each clock.
/// </summary>
public sealed class HandoffSteps(EngineParts parts)
{
    /// <summary>The first hand-off timer of each follow-the-sun role; kept as it is if one is already pending.</summary>
    public EngineStep Start(Instant now)
    {
        var step = new EngineStep();
        foreach (var role in parts.Policy.People.Roles.Where(r => r.Selection == RoleSelection.FollowTheSun))
        {
            if (OnDuty.NextShiftStart(parts.Policy.People, role.Id, now) is { } next)
            {
                step.Timers.Add(new SetTimer(DeskTimers.CaseId, DeskTimers.HandoffPrefix + role.Id, TimerKinds.HandoffSummary, next.At) { KeepIfPending = true });
            }
        }
        return step;
    }

    public EngineStep Handoff(DueTimer timer, IEngineState state, Instant now)
    {
        var roleId = timer.Key[DeskTimers.HandoffPrefix.Length..];
        var step = new EngineStep();
        if (parts.Policy.People.FindRole(roleId) is not { Selection: RoleSelection.FollowTheSun })
        {
            return step;
        }
        // Whoever starts at the due time, even when the sweep runs late (after downtime).
        var incoming = OnDuty.NextShiftStart(parts.Policy.People, roleId, timer.DueAt - Duration.Epsilon) is { } shift && shift.At == timer.DueAt
            ? shift.Person
            : null;
        if (incoming is not null)
        {
            // Their region's cases and those of none; every open case for someone of no region.
            var open = incoming.Region is { } own
                ? state.OpenRegionQueueHead(own, CardData.QueueCardLimit)
                : state.OpenQueueHead(CardData.QueueCardLimit);
            var region = incoming.Region is null ? "" : $" in {parts.Cards.OptionTitle("region", incoming.Region)}";
            foreach (var platform in parts.Desk.Platforms)
            {
                if (incoming.On(platform) is { } to)
                {
                    step.Outbox.Add(new DirectMessage(to, parts.Cards.Queue(open.First, open.Count, now, $"Handing over to you: open cases{region}", incoming.Zone), null));
                }
            }
        }
        if (OnDuty.NextShiftStart(parts.Policy.People, roleId, timer.DueAt) is { } next)
        {
            step.Timers.Add(new SetTimer(DeskTimers.CaseId, timer.Key, TimerKinds.HandoffSummary, next.At > now ? next.At : now));
        }
        return step;
    }
}
