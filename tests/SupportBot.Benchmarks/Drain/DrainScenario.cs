using System.Diagnostics;
using SupportBot.Core.Channels;
using SupportBot.Tests.OutOfProcess;
using SupportBot.Tests.Slack.Fakes;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Benchmarks.Drain;

/// <summary>
/// An outbox backlog drained through fakes that enforce the platforms' documented limits: 10,000
/// Slack posts to 100 channels, then 2,000 Teams sends to 100 conversations. The time from the app's
/// readiness (or its first post, if sooner) to the fake's last accepted message is compared with the
/// least time the fake's own limits allow, computed from them; every message must arrive exactly once
/// and in order per conversation, and the 429s the fake answered are counted.
/// </summary>
public sealed class DrainScenario : IScenario
{
    private const int Conversations = 100;
    private const int SlackPerChannel = 100;
    // Teams' 50 calls a second per app would make 10,000 take over 200 s: 20 per conversation keeps to the time budget.
    private const int TeamsPerConversation = 20;
    private const double TargetRatio = 1.1;

    public string Name => "drain";

    public string Description => "outbox backlog to 100 conversations through the fakes' rate limits: time against the least the limits allow, and 429s";

    public async Task RunAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(store);
        await SlackAsync(run, store, ct);
        await TeamsAsync(run, store, ct);
    }

    private async Task SlackAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        await using var slack = await FakeSlack.StartAsync();
        slack.PostLimits = FakeSlack.DocumentedPostLimits();
        var channels = Enumerable.Range(0, Conversations).Select(i => slack.AddChannel($"drain-{i}")).ToList();
        var database = store.Create(run.NewFolder("drain-slack"));
        DrainBacklog.Write(database, [.. channels.Select(c => new ConversationRef(ChannelKind.Slack, c, IsDirect: false))], SlackPerChannel);
        var settings = new Dictionary<string, string?>
        {
            ["SupportBot__Slack__BotToken"] = FakeSlack.BotToken,
            ["SupportBot__Slack__SigningSecret"] = "drain-signing-secret",
            ["SupportBot__Slack__ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
            ["SupportBot__Slack__TriageChannel"] = slack.AddChannel("helpdesk-triage"),
        };
        var minimum = slack.PostLimits.Drain(SlackPerChannel);
        var total = Conversations * SlackPerChannel;
        var (elapsed, received) = await DrainAsync(run, database, settings, minimum, total,
            () => [.. slack.Writes().Where(w => w.Method == "chat.postMessage").Select(w => (w.Channel, w.Text, w.At))], ct);
        Check("Slack", received, channels, SlackPerChannel);
        Report(run, store, "Slack", $"Slack: {total:N0} posts to {Conversations} channels, time to drain / least the limits allow " +
            $"({SlackPerChannel} per channel at 1/s after a burst of {FakeSlack.DocumentedPostBurst})", elapsed, minimum, slack.RateLimited);
    }

    private async Task TeamsAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        await using var connector = await FakeConnector.StartAsync();
        connector.Limits = FakeConnector.DocumentedLimits();
        var threads = Enumerable.Range(0, Conversations).Select(i => $"19:drain{i}@thread.tacv2").ToList();
        threads.ForEach(connector.AddConversation);
        var database = store.Create(run.NewFolder("drain-teams"));
        DrainBacklog.Write(database, [.. threads.Select(t => new ConversationRef(ChannelKind.Teams, t, IsDirect: false, connector.ServiceUrl))],
            TeamsPerConversation);
        var settings = new Dictionary<string, string?>
        {
            ["SupportBot__Teams__AppId"] = FakeConnector.AppId,
            ["SupportBot__Teams__AppPassword"] = FakeConnector.AppPassword,
            ["SupportBot__Teams__TenantId"] = FakeConnector.TenantId,
            ["SupportBot__Teams__TokenEndpoint"] = connector.TokenEndpoint.AbsoluteUri,
            ["SupportBot__Teams__AllowedServiceUrls__0"] = connector.ServiceUrl,
            ["SupportBot__Teams__ServiceUrl"] = connector.ServiceUrl,
        };
        var minimum = connector.Limits.Drain(TeamsPerConversation, Conversations);
        var total = Conversations * TeamsPerConversation;
        var (elapsed, received) = await DrainAsync(run, database, settings, minimum, total,
            () => [.. connector.Writes.Where(w => w.Operation == "send").Select(w => (w.Conversation, w.Text, w.At))], ct);
        Check("Teams", received, threads, TeamsPerConversation);
        Report(run, store, "Teams", $"Teams: {total:N0} sends to {Conversations} conversations (fewer than Slack's: 50 calls/s per app would make 10,000 " +
            $"take over 200 s), time to drain / least the limits allow (the app's 50/s binds)", elapsed, minimum, connector.RateLimited);
    }

    /// <summary>Starts the app on the backlog and waits for the fake to have <paramref name="total"/> messages, or fails loudly.</summary>
    private static async Task<(TimeSpan Elapsed, IReadOnlyList<(string Conversation, string? Text, DateTimeOffset At)> Received)> DrainAsync(
        BenchRun run, BenchDatabase database, Dictionary<string, string?> settings, TimeSpan minimum, int total,
        Func<IReadOnlyList<(string Conversation, string? Text, DateTimeOffset At)>> received, CancellationToken ct)
    {
        var deadline = minimum * 2 + TimeSpan.FromSeconds(30);
        var options = BenchApp.Options(database, "operational-guide", settings);
        await using var app = await AppProcess.StartAsync(options, ct);
        var ready = TimeProvider.System.GetUtcNow();
        var waited = Stopwatch.StartNew();
        run.Log($"drain: app ready, {total:N0} messages waiting; the limits allow it in {minimum.TotalSeconds:F0} s at best");
        var next = TimeSpan.FromSeconds(10);
        while (received().Count < total)
        {
            if (waited.Elapsed > deadline)
            {
                throw new InvalidOperationException(
                    $"drain: only {received().Count:N0} of {total:N0} messages arrived within {deadline.TotalSeconds:F0} s:\n{app.Output.Tail()}");
            }
            if (app.HasExited)
            {
                throw new InvalidOperationException($"drain: the app exited with {app.ExitCode}:\n{app.Output.Tail()}");
            }
            if (waited.Elapsed > next)
            {
                run.Log($"drain: {received().Count:N0} of {total:N0} after {waited.Elapsed.TotalSeconds:F0} s");
                next += TimeSpan.FromSeconds(10);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
        var all = received();
        var start = all.Min(r => r.At) < ready ? all.Min(r => r.At) : ready;
        // Where the time went: conversations starting late (the first pass), or going slower than their pace.
        var spans = all.GroupBy(r => r.Conversation).Select(g => (First: g.Min(r => r.At) - start, Span: g.Max(r => r.At) - g.Min(r => r.At))).ToList();
        run.Log($"drain: the last conversation began {spans.Max(s => s.First).TotalSeconds:F1} s after the start; " +
            $"the slowest took {spans.Max(s => s.Span).TotalSeconds:F1} s from its first message to its last");
        return (all.Max(r => r.At) - start, all);
    }

    private static void Check(string platform, IReadOnlyList<(string Conversation, string? Text, DateTimeOffset At)> received, IReadOnlyList<string> conversations, int perConversation)
    {
        if (DrainCheck.Problem([.. received.Select(r => (r.Conversation, r.Text))], conversations, perConversation) is { } problem)
        {
            throw new InvalidOperationException($"drain ({platform}): {problem}");
        }
    }

    private void Report(BenchRun run, BenchStore store, string platform, string measure, TimeSpan elapsed, TimeSpan minimum, int rateLimited)
    {
        var ratio = elapsed / minimum;
        run.Log($"drain: {measure}: {elapsed.TotalSeconds:F1} s against {minimum.TotalSeconds:F1} s ({ratio:F2}×), {rateLimited} 429s");
        run.Add(new Figure(Name, store.Name, measure, elapsed.TotalSeconds, "s")
        {
            Floor = minimum.TotalSeconds,
            Target = new Target($"≤ {TargetRatio}× least", ratio <= TargetRatio),
        });
        run.Add(new Figure(Name, store.Name, $"{platform}: 429s received during the drain", rateLimited, "") { Target = new Target("0", rateLimited == 0) });
    }
}
