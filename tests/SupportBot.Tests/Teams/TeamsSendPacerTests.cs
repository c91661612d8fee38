using SupportBot.Teams.Connector;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Teams;

/// <summary>The Teams pacer on a clock whose timers fire at once: every wait shows on the clock, none is slept.</summary>
public sealed class TeamsSendPacerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_burst_to_one_thread_never_has_more_calls_in_any_window_than_teams_allows()
    {
        var clock = new AdvancingClock(T0);
        var pacer = new TeamsSendPacer(clock);
        var starts = new List<DateTimeOffset>();

        for (var i = 0; i < 200; i++)
        {
            using (await pacer.WaitTurnAsync("19:triage@thread.tacv2", None))
            {
                starts.Add(clock.GetUtcNow());
            }
        }

        foreach (var window in TeamsSendPacer.ThreadWindows)
        {
            Assert.All(starts, s => Assert.True(starts.Count(t => t >= s && t < s + window.Window) <= window.Limit,
                $"more than {window.Limit} calls in the {window.Window} from {s:O}"));
        }
        Assert.Equal(T0, starts[6]);
        // Never slower than it must be: the 61st, 121st and 181st each wait for the 30 s window only (plus the margin).
        Assert.InRange(starts[180] - T0, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(90.1));
    }

    [Fact]
    public async Task A_full_thread_does_not_hold_up_another_thread()
    {
        var clock = new AdvancingClock(T0);
        var pacer = new TeamsSendPacer(clock);
        for (var i = 0; i < 8; i++)
        {
            (await pacer.WaitTurnAsync("19:busy@thread.tacv2", None)).Dispose();
        }
        var waitedForBusy = clock.Waited;

        (await pacer.WaitTurnAsync("19:quiet@thread.tacv2", None)).Dispose();

        Assert.Equal(waitedForBusy, clock.Waited);
    }

    [Fact]
    public async Task The_app_makes_at_most_fifty_calls_a_second_across_threads()
    {
        var clock = new AdvancingClock(T0);
        var pacer = new TeamsSendPacer(clock);
        var starts = new List<DateTimeOffset>();

        for (var i = 0; i < 120; i++)
        {
            using (await pacer.WaitTurnAsync($"19:c{i}@thread.tacv2", None))
            {
                starts.Add(clock.GetUtcNow());
            }
        }

        Assert.Equal(50, starts.Count(s => s == T0));
        Assert.All(starts, s => Assert.True(starts.Count(t => t >= s && t < s + TimeSpan.FromSeconds(1)) <= 50));
        Assert.InRange(starts[^1] - T0, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.1));
    }

    [Fact]
    public async Task A_call_still_in_flight_keeps_its_place_until_its_answer_is_in()
    {
        var clock = new AdvancingClock(T0);
        var pacer = new TeamsSendPacer(clock);
        var open = new List<IDisposable>();
        for (var i = 0; i < 7; i++)
        {
            open.Add(await pacer.WaitTurnAsync("19:slow@thread.tacv2", None));
        }

        var eighth = pacer.WaitTurnAsync("19:slow@thread.tacv2", None);
        Assert.False(eighth.IsCompleted, "seven calls in flight fill the 1 s window");
        clock.Advance(TimeSpan.FromSeconds(5));
        open[0].Dispose();

        (await eighth).Dispose();
        // The answer came in at T0 + 5 s: the 1 s window is counted from there, not from when the call began.
        Assert.True(clock.GetUtcNow() >= T0 + TimeSpan.FromSeconds(6));
        open.Skip(1).ToList().ForEach(t => t.Dispose());
    }

    [Fact]
    public async Task A_wait_ends_when_its_call_is_cancelled()
    {
        var pacer = new TeamsSendPacer(new TestClock(T0));
        for (var i = 0; i < 7; i++)
        {
            _ = await pacer.WaitTurnAsync("19:held@thread.tacv2", None);
        }
        using var cancel = new CancellationTokenSource();

        var waiting = pacer.WaitTurnAsync("19:held@thread.tacv2", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task It_remembers_at_most_max_threads_however_many_it_has_called()
    {
        var clock = new AdvancingClock(T0);
        var pacer = new TeamsSendPacer(clock);

        for (var i = 0; i < TeamsSendPacer.MaxThreads + 500; i++)
        {
            (await pacer.WaitTurnAsync($"19:c{i}@thread.tacv2", None)).Dispose();
        }

        Assert.InRange(pacer.Tracked, 1, TeamsSendPacer.MaxThreads);
    }

    [Fact]
    public async Task Calls_about_no_thread_count_only_for_the_app()
    {
        var clock = new AdvancingClock(T0);
        var pacer = new TeamsSendPacer(clock);

        for (var i = 0; i < 20; i++)
        {
            (await pacer.WaitTurnAsync(null, None)).Dispose();
        }

        Assert.Equal(TimeSpan.Zero, clock.Waited);
        Assert.Equal(0, pacer.Tracked);
    }

    [Fact]
    public async Task The_connector_client_spreads_a_burst_to_one_channel_so_teams_limits_answer_no_429()
    {
        var clock = new AdvancingClock(T0);
        await using var rig = await TeamsRig.StartAsync(clock, new Dictionary<string, string?> { ["SupportBot:Teams:PaceSends"] = "true" });
        rig.Fake.Limits = Fakes.FakeConnector.DocumentedLimits();

        for (var i = 0; i < 20; i++)
        {
            await rig.Client.SendToConversationAsync(rig.Fake.ServiceUrl, TeamsRig.Triage, new() { ["type"] = "message", ["text"] = $"update {i}" }, None);
        }

        Assert.Equal(0, rig.Fake.RateLimited);
        Assert.Equal(20, rig.Fake.Activities(TeamsRig.Triage).Count);
        Assert.True(clock.Waited >= TimeSpan.FromSeconds(4), "20 sends to one thread take at least 4 s at 8 per 2 s");
    }

    [Fact]
    public async Task Without_pacing_the_same_burst_is_answered_with_429s()
    {
        var clock = new AdvancingClock(T0);
        await using var rig = await TeamsRig.StartAsync(clock);
        rig.Fake.Limits = Fakes.FakeConnector.DocumentedLimits();

        var refused = 0;
        for (var i = 0; i < 20; i++)
        {
            try
            {
                await rig.Client.SendToConversationAsync(rig.Fake.ServiceUrl, TeamsRig.Triage, new() { ["type"] = "message", ["text"] = $"update {i}" }, None);
            }
            catch (Core.Channels.ChannelException ex) when (ex.Kind == Core.Channels.ChannelFailure.RateLimited)
            {
                refused++;
            }
        }

        Assert.True(rig.Fake.RateLimited > 0);
        Assert.Equal(13, refused);
    }
}
