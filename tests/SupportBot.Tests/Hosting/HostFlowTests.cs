using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SupportBot.Local;
using SupportBot.Scheduling;

namespace SupportBot.Tests.Hosting;

/// <summary>The real app on a SQLite file: races, restarts and timers across restarts.</summary>
public sealed class HostFlowTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-host-").FullName;
    private readonly TestClock clock = new(T0);

    private string DatabasePath => Path.Combine(folder, "supportbot.db");

    private HostDb Db => new(DatabasePath);

    [Fact]
    public async Task Two_concurrent_claims_on_a_real_SQLite_file_give_exactly_one_owner()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        for (var i = 1; i <= 5; i++)
        {
            await LocalPeople.ReportAsync(host, $"reporter-{i}", $"Outage {i}");
            var caseId = Db.Text("SELECT id FROM cases WHERE number = @n", new { n = $"SUP-{i:D6}" })!;

            var claims = await Task.WhenAll(
                host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = caseId })),
                host.PostAsync(LocalPeople.Click("agent-2", "triage", "case.claim", new() { ["case"] = caseId })));

            Assert.Single(claims, c => c.Reply == "ReplaceCard");
            var loser = Assert.Single(claims, c => c.Reply == "Notice");
            Assert.Matches($"^Example Agent (One|Two) has already claimed SUP-{i:D6}\\.$", loser.Text);
            Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE case_id = @caseId AND type = 'claimed'", new { caseId }));
            Assert.Equal(1, Db.Count("SELECT count(*) FROM cases WHERE id = @caseId AND owner_key IS NOT NULL", new { caseId }));
        }
    }

    [Fact]
    public async Task An_intake_half_answered_survives_a_host_restart()
    {
        await using (var host = await TestHost.StartAsync(DatabasePath, clock))
        {
            await host.PostAsync(LocalPeople.Say("rita", "the wifi keeps dropping"));
            var half = await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.next", new()
            {
                ["shown"] = "category,impact,region,customer,title,description,contact_email,contact_phone",
                ["category"] = "connectivity",
                ["customer"] = "Acme",
                ["description"] = "the wifi keeps dropping",
            }));
            Assert.Equal("ValidationErrors", half.Reply);
        }

        await using (var host = await TestHost.StartAsync(DatabasePath, clock))
        {
            await host.PostAsync(LocalPeople.Say("rita", "hello again"));

            var card = host.Get<LocalChannel>().Messages("dm:rita")[^1];
            var answers = card.Data["questions"]!.AsArray().ToDictionary(q => q!["id"]!.GetValue<string>(), q => q!["value"]!.GetValue<string>());
            Assert.Equal("connectivity", answers["category"]);
            Assert.Equal("Acme", answers["customer"]);
            Assert.Equal("the wifi keeps dropping", answers["description"]);
        }
    }

    [Fact]
    public async Task A_reminder_due_while_the_host_was_stopped_fires_exactly_once_after_the_restart()
    {
        await using (var host = await TestHost.StartAsync(DatabasePath, clock))
        {
            await LocalPeople.ReportAsync(host, "rita", "Wifi down");
        }
        Assert.Equal(3, Db.Count("SELECT count(*) FROM timers WHERE status = 'pending' AND kind = 'response-reminder'"));

        clock.Advance(TimeSpan.FromMinutes(20));
        await using (var host = await TestHost.StartAsync(DatabasePath, clock))
        {
            var sweeper = host.Get<TimerSweeper>();
            // Two sweeps at once (and the sweep loop's own every second) must still fire each timer once.
            await Task.WhenAll(sweeper.SweepAsync(CancellationToken.None), sweeper.SweepAsync(CancellationToken.None));
            await sweeper.SweepAsync(CancellationToken.None);
        }
        await using (var host = await TestHost.StartAsync(DatabasePath, clock))
        {
            await host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
        }

        Assert.Equal(0, Db.Count("SELECT count(*) FROM timers WHERE status = 'pending' AND kind = 'response-reminder'"));
        Assert.Equal(2, Db.Count("SELECT count(*) FROM case_events WHERE type = 'response-reminder'"));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'response-breached'"));
        Assert.Equal(3, Db.Count("SELECT count(*) FROM outbox WHERE payload LIKE '%\"template\":\"reminder\"%'"));
    }

    [Fact]
    public async Task The_sweep_loop_fires_due_timers_on_its_own_every_second()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        await LocalPeople.ReportAsync(host, "rita", "Wifi down");
        clock.Advance(TimeSpan.FromMinutes(8));

        // The only wait in the suite: the sweep loop runs on the real clock, once a second.
        var deadline = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 10;
        while (Db.Count("SELECT count(*) FROM case_events WHERE type = 'response-reminder'") == 0 && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'response-reminder'"));
    }

    [Fact]
    public async Task A_timer_that_fails_does_not_hold_up_the_others_and_is_set_aside_after_five_attempts()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        await LocalPeople.ReportAsync(host, "rita", "Broken case");
        await LocalPeople.ReportAsync(host, "otto", "Healthy case");
        Db.Execute("UPDATE cases SET data = 'not json' WHERE number = 'SUP-000001'");
        clock.Advance(TimeSpan.FromMinutes(20));

        var sweeper = host.Get<TimerSweeper>();
        for (var i = 0; i < TimerSweeper.MaxAttempts; i++)
        {
            await sweeper.SweepAsync(CancellationToken.None);
        }

        Assert.Equal(3, Db.Count("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = 'SUP-000002' AND e.type LIKE 'response-%'"));
        Assert.Equal(3, Db.Count("SELECT count(*) FROM timers WHERE status = 'failed' AND attempts = 5"));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM timers WHERE status = 'pending' AND kind = 'response-reminder'"));
    }

    [Fact]
    public async Task A_timer_set_due_within_the_second_wakes_the_sweep_early_and_the_host_still_stops_promptly()
    {
        var host = await TestHost.StartAsync(DatabasePath, clock);
        await LocalPeople.ReportAsync(host, "rita", "Wifi down");
        clock.Advance(TimeSpan.FromMinutes(8));

        host.Get<TimerWake>().TimerSet(NodaTime.Instant.FromDateTimeOffset(clock.GetUtcNow()));
        var deadline = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 10;
        while (Db.Count("SELECT count(*) FROM case_events WHERE type = 'response-reminder'") == 0 && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
        }
        var stopping = TimeProvider.System.GetTimestamp();
        await host.DisposeAsync();

        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'response-reminder'"));
        Assert.True(TimeProvider.System.GetElapsedTime(stopping) < TimeSpan.FromSeconds(5), "the host took too long to stop");
    }

    [Fact]
    public async Task A_reminder_for_a_case_claimed_meanwhile_sends_nothing()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        await LocalPeople.ReportAsync(host, "rita", "Wifi down");
        var caseId = Db.Text("SELECT id FROM cases")!;
        var timerId = Db.Count("SELECT id FROM timers WHERE key = 'response:0.5'");
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = caseId }));

        // Past the 50% reminder, before the claim would lapse for want of an update.
        clock.Advance(TimeSpan.FromMinutes(10));
        var stale = new Core.Engine.DueTimer(timerId, caseId, "response:0.5", "response-reminder", NodaTime.Instant.FromDateTimeOffset(T0.AddMinutes(7.5)), NodaTime.Instant.FromDateTimeOffset(T0));
        var fired = await host.Get<SupportBot.Hosting.CaseWorkflow>().FireAsync(stale, CancellationToken.None);
        await host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);

        Assert.False(fired);
        Assert.Equal(0, Db.Count("SELECT count(*) FROM case_events WHERE type LIKE 'response-%'"));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM outbox WHERE payload LIKE '%\"template\":\"reminder\"%'"));
    }

    [Fact]
    public async Task Only_members_may_act_in_the_triage_channel_so_a_reporter_cannot_claim_their_own_case()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        await LocalPeople.ReportAsync(host, "rita", "Wifi down");
        var caseId = Db.Text("SELECT id FROM cases")!;

        var response = await host.Client.PostAsJsonAsync("/api/local/events", LocalPeople.Click("rita", "triage", "case.claim", new() { ["case"] = caseId }));
        var fromDm = await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "case.claim", new() { ["case"] = caseId }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Only helpdesk agents can do that. Ask in the triage channel if you need help with this case.", fromDm.Text);
        Assert.Equal(0, Db.Count("SELECT count(*) FROM cases WHERE owner_key IS NOT NULL"));
    }

    [Fact]
    public async Task A_card_input_sent_as_null_counts_as_not_answered_rather_than_failing()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        await host.PostAsync(LocalPeople.Say("rita", "help me"));

        var response = await host.Client.PostAsJsonAsync("/api/local/events", new
        {
            user = new { id = "rita" },
            conversation = "dm:rita",
            verb = "intake.next",
            data = new Dictionary<string, string?> { ["shown"] = null, ["category"] = null },
        });

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_retried_platform_event_is_processed_once()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        var message = new { id = "evt-1", user = new { id = "rita", name = "Rita" }, conversation = "dm:rita", text = "help" };

        var first = await host.PostAsync(message);
        var retry = await host.PostAsync(message);

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(1, Db.Count("SELECT count(*) FROM inbound_events WHERE event_id = 'local:evt-1'"));
    }

    [Fact]
    public async Task A_message_that_fails_for_good_is_dead_lettered_and_the_triage_channel_is_told()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        var dead = new Core.Engine.PostMessage(new Core.Channels.ConversationRef(Core.Channels.ChannelKind.Local, "no-such-channel", false),
            Core.Engine.CardData.Notice("Hello", "nobody"), null)
        { CaseNumber = "SUP-000009" };
        await host.Get<SupportBot.Outbox.OutboxStore>().EnqueueAsync(dead, clock.GetUtcNow(), CancellationToken.None);

        var dispatcher = host.Get<SupportBot.Outbox.OutboxDispatcher>();
        await dispatcher.DeliverDueAsync(CancellationToken.None);
        await dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(1, Db.Count("SELECT count(*) FROM outbox WHERE status = 'dead' AND case_number = 'SUP-000009'"));
        var notice = Assert.Single(host.Get<LocalChannel>().Messages("triage"));
        Assert.Contains("SUP-000009", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_show_inbound_events_deliveries_and_the_outbox_depth_in_prometheus_text()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        await LocalPeople.ReportAsync(host, "rita", "Wifi down");
        await host.Get<SupportBot.Outbox.OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);

        var metrics = await host.Client.GetStringAsync("/metrics");

        Assert.Contains("# TYPE supportbot_inbound_events_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("supportbot_inbound_events_total{platform=\"local\"} 4", metrics, StringComparison.Ordinal);
        // The triage card, then the Severity 1 bridge: created, members invited, status card posted and pinned.
        Assert.Contains("supportbot_outbox_delivered_total{platform=\"local\"} 5", metrics, StringComparison.Ordinal);
        Assert.Contains("supportbot_outbox_depth 0", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("{\"user\":{\"id\":\"rita\"},\"conversation\":\"dm:rita\",\"text\":7}", "application/json")]
    [InlineData("text=hello", "application/x-www-form-urlencoded")]
    public async Task A_bad_local_request_gets_a_400_problem_and_changes_nothing(string body, string contentType)
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);

        var response = await host.Client.PostAsync("/api/local/events", new StringContent(body, System.Text.Encoding.UTF8, contentType));

        Assert.InRange((int)response.StatusCode, 400, 415);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM intake_sessions"));
    }

    [Fact]
    public async Task Health_and_readiness_answer_once_the_database_and_scheduler_run()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);

        Assert.Equal("Healthy", await host.Client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await host.Client.GetStringAsync("/readyz"));
        Assert.True(File.Exists(DatabasePath));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalising connection is cleaned up with the temp folder.
        }
    }
}
