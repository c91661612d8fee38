using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupportBot.Slack.Inbound;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Slack.EndToEnd;

/// <summary>
/// The whole Slack flow of <see cref="SlackHttpFlowTests"/> over Socket Mode (slack-protocol §7): the
/// app opens the socket, every envelope is answered by its ack (carrying the response where Slack
/// accepts one), and after Slack asks it to go, or the socket drops, it comes back and goes on.
/// </summary>
public sealed class SlackSocketModeFlowTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Support_over_Socket_Mode_opens_the_form_validates_it_opens_a_case_and_a_claim_updates_it_and_after_a_refresh_an_update_still_reaches_the_reporter()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc, socketMode: true);
        await bot.Slack.WaitForConnectionsAsync(1).WaitAsync(SlackDriver.StepDeadline);
        var answers = LocalPeople.Severity1Answers("Wifi down in Paris");

        var ack = await bot.SocketSupportAsync("U0RITA", "D0RITA", "the wifi is down");
        Assert.NotNull(ack["envelope_id"]);
        Assert.Null(ack["payload"]);
        var form = bot.LatestView();
        var missing = await bot.SocketSubmitAsync("U0RITA", form, new Dictionary<string, string>(answers) { ["title"] = "" });
        Assert.Equal("errors", missing!["response_action"]!.GetValue<string>());
        Assert.Equal(["title"], missing["errors"]!.AsObject().Select(e => e.Key));

        var opened = await CompleteIntakeAsync(bot, form, answers);
        Assert.Contains("SUP-000001", opened.ToJsonString(), StringComparison.Ordinal);

        await bot.DeliverAsync();
        var card = Assert.Single(bot.Slack.Messages(bot.Triage));
        Assert.Contains("Unclaimed", card.Blocks!.ToJsonString(), StringComparison.Ordinal);

        Assert.Null(await bot.SocketClickInMessageAsync("U0AGENT", bot.Triage, card.Ts, "case.claim"));
        await bot.DeliverAsync();
        var claimed = Assert.Single(bot.Slack.Messages(bot.Triage));
        Assert.True(claimed.Edited);
        Assert.Contains("amy", claimed.Blocks!.ToJsonString(), StringComparison.Ordinal);
        var dm = bot.Slack.DirectChannelOf("U0RITA")!;
        Assert.Contains(bot.Slack.Messages(dm), m => (m.Text ?? "").Contains("amy is working on your case", StringComparison.Ordinal));

        await bot.Slack.SendDisconnectAsync("refresh_requested");
        await bot.Slack.WaitForConnectionsAsync(2).WaitAsync(SlackDriver.StepDeadline);
        Assert.Equal(2, bot.Slack.ConnectionsOpened);
        Assert.Equal(2, bot.Slack.Calls("apps.connections.open").Count);
        await UntilAsync(() => bot.Slack.OpenConnections == 1, "the app closes the socket it was asked to leave");

        // Post update, over the new socket: the ShowCard opens as a modal, its submission closes it and redraws the card.
        var modals = bot.Slack.Views().Count;
        Assert.Null(await bot.SocketClickInMessageAsync("U0AGENT", bot.Triage, card.Ts, "Post update"));
        Assert.Equal(modals + 1, bot.Slack.Views().Count);
        var updateForm = bot.LatestView();
        Assert.Contains("Update for the reporter", updateForm.View.ToJsonString(), StringComparison.Ordinal);
        var updates = bot.Slack.Calls("chat.update").Count;
        var closed = await bot.SocketSubmitAsync("U0AGENT", updateForm, new Dictionary<string, string> { ["update"] = "A new access point goes in at noon." });
        Assert.Equal("clear", closed!["response_action"]!.GetValue<string>());
        await bot.DeliverAsync();

        Assert.True(bot.Slack.Calls("chat.update").Count > updates);
        Assert.Single(bot.Slack.Messages(bot.Triage));
        Assert.Contains(bot.Slack.Messages(dm), m => (m.Blocks?.ToJsonString() ?? "").Contains("A new access point goes in at noon.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dropped_socket_is_opened_again_and_the_next_command_is_answered_on_it()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc, socketMode: true);
        await bot.Slack.WaitForConnectionsAsync(1).WaitAsync(SlackDriver.StepDeadline);

        bot.Slack.DropConnections();
        // A drop is a failure: the app pauses SlackSocketMode.Backoff(1) before trying again. TestClock does not
        // fake timers, so that pause is one real second; the test waits for the connection, not for a time.
        await bot.Slack.WaitForConnectionsAsync(2).WaitAsync(SlackDriver.StepDeadline);

        Assert.Equal(2, bot.Slack.ConnectionsOpened);
        var ack = await bot.SocketSupportAsync("U0RITA", "D0RITA", "the wifi is down");
        Assert.Null(ack["payload"]);
        Assert.Contains(bot.Slack.Views(), v => v.Type == "modal");
    }

    [Fact]
    public async Task Each_disconnect_Slack_sends_warning_or_refresh_requested_is_followed_by_a_new_connection()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc, socketMode: true);
        await bot.Slack.WaitForConnectionsAsync(1).WaitAsync(SlackDriver.StepDeadline);

        await bot.Slack.SendDisconnectAsync("warning");
        await bot.Slack.WaitForConnectionsAsync(2).WaitAsync(SlackDriver.StepDeadline);
        // The fake tells every socket it still holds to go; the first must be gone before the next disconnect.
        await UntilAsync(() => bot.Slack.OpenConnections == 1, "the app closes the socket it was asked to leave");
        await bot.Slack.SendDisconnectAsync("refresh_requested");
        await bot.Slack.WaitForConnectionsAsync(3).WaitAsync(SlackDriver.StepDeadline);
        await UntilAsync(() => bot.Slack.OpenConnections == 1, "the app closes the socket it was asked to leave");

        Assert.Equal(3, bot.Slack.ConnectionsOpened);
        Assert.NotNull((await bot.SocketSupportAsync("U0RITA", "D0RITA"))["envelope_id"]);
    }

    [Fact]
    public async Task Link_disabled_stops_the_socket_for_good()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc, socketMode: true);
        await bot.Slack.WaitForConnectionsAsync(1).WaitAsync(SlackDriver.StepDeadline);
        var socketMode = bot.Host.Services.GetServices<IHostedService>().OfType<SlackSocketMode>().Single();

        await bot.Slack.SendDisconnectAsync("link_disabled");
        await socketMode.ExecuteTask!.WaitAsync(SlackDriver.StepDeadline);

        Assert.Equal(1, bot.Slack.ConnectionsOpened);
        Assert.Single(bot.Slack.Calls("apps.connections.open"));
    }

    /// <summary>
    /// For what the fake has no event for (a socket it has let go of): looks every 10 ms, and fails
    /// after <see cref="SlackDriver.StepDeadline"/> rather than hanging.
    /// </summary>
    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > SlackDriver.StepDeadline)
            {
                throw new Xunit.Sdk.XunitException($"Not within {SlackDriver.StepDeadline}: {what}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>The intake modal's steps, as in <see cref="SlackHttpFlowTests"/>: answers, troubleshooting (continue), preview; returns the final view.</summary>
    private static async Task<JsonObject> CompleteIntakeAsync(SlackDriver bot, Fakes.FakeView form, IReadOnlyDictionary<string, string> answers)
    {
        var next = await bot.SocketSubmitAsync("U0RITA", form, answers);
        for (var steps = 0; steps < 6 && next?["response_action"]?.GetValue<string>() == "update"; steps++)
        {
            var view = next["view"]!.AsObject();
            var current = bot.LatestView() with { View = view };
            if (view["blocks"]!.ToJsonString().Contains("intake.continue#", StringComparison.Ordinal))
            {
                // The troubleshooting steps did not help: go on to the preview.
                Assert.Null(await bot.SocketClickInViewAsync("U0RITA", current, "intake.continue"));
                next = await bot.SocketSubmitAsync("U0RITA", bot.LatestView(), answers);
                continue;
            }
            if (view["submit"] is null)
            {
                return view;
            }
            next = await bot.SocketSubmitAsync("U0RITA", current, answers);
        }
        throw new Xunit.Sdk.XunitException($"The intake did not end in a case: {next?.ToJsonString()}");
    }
}
