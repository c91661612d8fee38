using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Slack;
using SupportBot.Slack.Api;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Slack;

public sealed class SlackPacingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Two_posts_to_one_channel_are_at_least_a_second_apart_on_the_clock()
    {
        var clock = new AdvancingClock(SlackRig.T0);
        await using var rig = await SlackRig.StartAsync(clock);
        var channel = rig.Fake.AddChannel("triage");
        var elapsed = Stopwatch.StartNew();

        for (var i = 0; i < 3; i++)
        {
            await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = $"post {i}" }, None);
        }

        var at = rig.Fake.Calls("chat.postMessage").Select(c => c.At).ToList();
        Assert.Equal([SlackRig.T0, SlackRig.T0.AddSeconds(1), SlackRig.T0.AddSeconds(2)], at);
        Assert.Equal(TimeSpan.FromSeconds(2), clock.Waited);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(2), "the two seconds were waited on the test clock, not slept");
    }

    [Fact]
    public async Task A_configured_post_interval_spaces_posts_to_one_channel_by_that_much()
    {
        var clock = new AdvancingClock(SlackRig.T0);
        await using var rig = await SlackRig.StartAsync(clock, s => s.PostConfigure<SlackOptions>(o => o.PostInterval = TimeSpan.FromMilliseconds(250)));
        var channel = rig.Fake.AddChannel("triage");

        for (var i = 0; i < 3; i++)
        {
            await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = $"post {i}" }, None);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(500), clock.Waited);
    }

    [Fact]
    public async Task A_negative_post_interval_is_refused_at_start_with_the_setting_named()
    {
        await using var rig = await SlackRig.StartAsync(services: s => s.PostConfigure<SlackOptions>(o => o.PostInterval = TimeSpan.FromSeconds(-1)));

        var refused = Assert.Throws<OptionsValidationException>(() => rig.Services.GetRequiredService<IOptions<SlackOptions>>().Value);

        Assert.Contains("SupportBot:Slack:PostInterval must not be negative", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posts_to_different_channels_are_not_delayed()
    {
        var clock = new AdvancingClock(SlackRig.T0);
        await using var rig = await SlackRig.StartAsync(clock);
        var channels = Enumerable.Range(0, 5).Select(i => rig.Fake.AddChannel($"c{i}")).ToList();

        foreach (var channel in channels)
        {
            await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = "hello" }, None);
        }

        Assert.All(rig.Fake.Calls("chat.postMessage"), c => Assert.Equal(SlackRig.T0, c.At));
        Assert.Equal(TimeSpan.Zero, clock.Waited);
    }

    [Fact]
    public async Task A_post_a_second_after_the_last_one_goes_at_once()
    {
        var clock = new AdvancingClock(SlackRig.T0);
        await using var rig = await SlackRig.StartAsync(clock);
        var channel = rig.Fake.AddChannel("triage");

        await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = "one" }, None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = "two" }, None);

        Assert.Equal(TimeSpan.Zero, clock.Waited);
    }

    [Fact]
    public async Task Other_methods_are_not_paced()
    {
        var clock = new AdvancingClock(SlackRig.T0);
        await using var rig = await SlackRig.StartAsync(clock);
        var channel = rig.Fake.AddChannel("triage");
        var posted = await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = "one" }, None);

        for (var i = 0; i < 3; i++)
        {
            await rig.Api.CallAsync("chat.update", new JsonObject { ["channel"] = channel, ["ts"] = posted["ts"]!.GetValue<string>(), ["text"] = $"v{i}" }, None);
        }

        Assert.Equal(TimeSpan.Zero, clock.Waited);
    }

    [Fact]
    public async Task The_pacer_remembers_a_bounded_number_of_channels()
    {
        var clock = new AdvancingClock(SlackRig.T0);
        var pacer = new SlackPostPacer(clock);

        for (var i = 0; i < SlackPostPacer.MaxChannels * 3; i++)
        {
            await pacer.WaitTurnAsync($"C{i}", None);
        }

        Assert.True(pacer.Tracked <= SlackPostPacer.MaxChannels);
        Assert.Equal(TimeSpan.Zero, clock.Waited);
        clock.Advance(TimeSpan.FromSeconds(1));
        await pacer.WaitTurnAsync("C-new", None);
        Assert.Equal(1, pacer.Tracked);
    }
}
