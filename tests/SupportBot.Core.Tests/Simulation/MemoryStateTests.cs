using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;
using SupportBot.Core.Simulation;
using SupportBot.Core.Tests.Engine;

namespace SupportBot.Core.Tests.Simulation;

public sealed class MemoryStateTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private readonly MemoryState state = new(TestPolicy.Create());

    [Fact]
    public void A_step_that_read_an_older_version_of_the_case_is_refused_whole()
    {
        var c = Case();
        state.Apply(Change(c, 0, "opened"), T0);
        var stale = Change(c, 0, "claimed");
        stale.Timers.Add(new SetTimer(c.Id, TimerKeys.Update, TimerKinds.UpdateDue, T0));

        var refused = Assert.Throws<InvalidOperationException>(() => state.Apply(stale, T0));

        Assert.Equal("Case SUP-000001 is at version 1, not 0: it changed since the step read it.", refused.Message);
        Assert.Equal(["opened"], state.Events.Select(e => e.Type));
        Assert.Empty(state.Timers);
        state.Apply(Change(state.OnlyCase, 1, "claimed"), T0);
        Assert.Equal(2, state.OnlyCase.Version);
    }

    [Fact]
    public void A_timer_set_again_replaces_the_pending_one_so_the_first_is_stale_when_claimed()
    {
        state.Apply(Timers(new SetTimer("c1", TimerKeys.Update, TimerKinds.UpdateDue, T0 + Duration.FromMinutes(30))), T0);
        var first = state.Timers[("c1", TimerKeys.Update)];
        state.Apply(Timers(new SetTimer("c1", TimerKeys.Update, TimerKinds.UpdateDue, T0 + Duration.FromMinutes(60))), T0 + Duration.FromMinutes(5));
        var second = state.Timers[("c1", TimerKeys.Update)];

        Assert.Equal(T0 + Duration.FromMinutes(5), second.SetAt);
        Assert.False(state.Claim(first));
        Assert.True(state.Claim(second));
        Assert.False(state.Claim(second));
        Assert.Null(state.NextTimer());
    }

    [Fact]
    public void Cancelling_by_prefix_keeps_other_keys_and_due_timers_come_earliest_first_then_in_the_order_set()
    {
        state.Apply(Timers(
            new SetTimer("c1", TimerKeys.Response(0.5), TimerKinds.ResponseReminder, T0 + Duration.FromMinutes(10)),
            new SetTimer("c1", TimerKeys.Update, TimerKinds.UpdateDue, T0 + Duration.FromMinutes(30)),
            new SetTimer("c1", TimerKeys.Ladder(1), TimerKinds.LadderLevelDue, T0 + Duration.FromMinutes(30)),
            new SetTimer("c2", TimerKeys.Response(0.5), TimerKinds.ResponseReminder, T0 + Duration.FromMinutes(5))), T0);
        state.Apply(Timers(new CancelTimers("c1", TimerKeys.ResponsePrefix)), T0);

        Assert.Equal(
            [("c2", TimerKeys.Response(0.5)), ("c1", TimerKeys.Update), ("c1", TimerKeys.Ladder(1))],
            state.DueTimers(T0 + Duration.FromHours(1)).Select(t => (t.CaseId, t.Key)));
        Assert.Empty(state.DueTimers(T0));
    }

    private static EngineStep Timers(params TimerChange[] changes)
    {
        var step = new EngineStep();
        step.Timers.AddRange(changes);
        return step;
    }

    private static EngineStep Change(CaseRecord c, int expectedVersion, string type)
    {
        var step = new EngineStep();
        step.Cases.Add(new CaseChange(c, expectedVersion, [EngineParts.Event(c, null, T0, type, type)]));
        return step;
    }

    private static CaseRecord Case() => new()
    {
        Id = "c1",
        Number = "SUP-000001",
        Status = CaseStatus.New,
        SeverityId = "sev1",
        SeverityReason = "Severity 1: everyone is affected",
        Reporter = TestPolicy.Reporter,
        ReportedIn = TestPolicy.Dm,
        Answers = new Dictionary<string, string>(),
        OpenedAt = T0,
        ResponseDueAt = T0 + Duration.FromMinutes(15),
    };
}
