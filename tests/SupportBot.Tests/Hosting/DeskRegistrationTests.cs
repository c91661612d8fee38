using SupportBot.Local;
using SupportBot.Outbox;

namespace SupportBot.Tests.Hosting;

/// <summary><c>set triage</c> in the local workspace, on the real app and a SQLite file.</summary>
public sealed class DeskRegistrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-desk-").FullName;
    private readonly TestClock clock = new(T0);

    private string DatabasePath => Path.Combine(folder, "supportbot.db");

    private HostDb Db => new(DatabasePath);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_manager_sets_triage_in_the_managers_channel_and_the_next_case_card_goes_there_even_after_a_restart()
    {
        await using (var host = await TestHost.StartAsync(DatabasePath, clock))
        {
            var set = await host.PostAsync(LocalPeople.Command("manager-1", "managers", "set", "triage"));
            await DeliverAsync(host);

            Assert.Equal("This channel is now the triage channel: each new case's card is posted here. It replaces local channel triage.", set.Text);
            Assert.Equal(["triage|local|managers|local:manager-1|Example Manager Americas"],
                Db.Texts("SELECT role || '|' || platform || '|' || conversation_id || '|' || set_by || '|' || set_by_name FROM desk_channels"));
            // Among the bot's messages, not necessarily the last: the outbox may deliver it before the page has kept what the manager typed.
            Assert.Contains(host.Get<LocalChannel>().Messages("managers"),
                m => m.Author is null && m.Text.Contains("Example Manager Americas made this channel the triage channel", StringComparison.Ordinal));
        }

        await using (var host = await TestHost.StartAsync(DatabasePath, clock))
        {
            await LocalPeople.ReportAsync(host, "rita", "Wifi down");
            await DeliverAsync(host);

            var channel = host.Get<LocalChannel>();
            Assert.Contains(channel.Messages("managers"), m => m.Template == "triage" && m.Text.Contains("SUP-000001", StringComparison.Ordinal));
            Assert.DoesNotContain(channel.Messages("triage"), m => m.Template == "triage");
        }
    }

    [Fact]
    public async Task An_agent_typing_set_triage_is_told_only_they_may_not_and_nothing_is_stored_or_posted()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        var before = BotMessages(host);

        var refused = await host.PostAsync(new { user = new { id = "agent-1", name = "Agent" }, conversation = "triage", text = "set triage" });
        await DeliverAsync(host);

        Assert.Equal(("Notice", "Only a manager or an admin can set the desk's channels."), (refused.Reply, refused.Text));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM desk_channels"));
        // What the agent typed shows in the channel; the bot posted nothing there.
        Assert.Equal(before, BotMessages(host));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM outbox"));
    }

    private static int BotMessages(TestHost host) => host.Get<LocalChannel>().Messages("triage").Count(m => m.Author is null);

    [Fact]
    public async Task An_admin_sees_the_desk_channels_in_help_after_a_bridges_registration()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        await host.PostAsync(LocalPeople.Command("admin-1", "managers", "set", "bridges"));

        await host.PostAsync(LocalPeople.Command("admin-1", "dm:admin-1", "help"));

        var help = host.Get<LocalChannel>().Messages("dm:admin-1")[^1];
        Assert.Equal(["Triage: local channel triage", "Bridges: local channel managers", "Managers: local channel managers",
            "Admins: not set: the managers' local channel managers is used"],
            help.Data["desk"]!.AsArray().Select(f => $"{f!["title"]}: {f["value"]}"));
    }

    private static Task<int> DeliverAsync(TestHost host) => host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
}
