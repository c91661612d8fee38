using Microsoft.Data.Sqlite;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Privacy;

/// <summary>The per-person limit on new reports (<c>SupportBot:Intake</c>), through the real app on a SQLite file.</summary>
public sealed class IntakeRateLimitTests : IDisposable
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-ratelimit-").FullName;
    private readonly TestClock clock = new(Monday10Utc);

    private string DatabasePath => Path.Combine(folder, "supportbot.db");

    private HostDb Db => new(DatabasePath);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static Dictionary<string, string?> Limit(int max) => new()
    {
        ["SupportBot:Intake:MaxReports"] = $"{max}",
        ["SupportBot:Intake:Window"] = "00:10:00",
    };

    [Fact]
    public async Task The_third_report_within_ten_minutes_is_refused_with_the_reason_and_opens_nothing_until_the_window_has_passed()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock, settings: Limit(2));
        await ReportAsync(host, "rita", "Printer jammed");
        clock.Advance(TimeSpan.FromMinutes(4));
        await ReportAsync(host, "rita", "Scanner offline");
        clock.Advance(TimeSpan.FromMinutes(5));

        var refused = await host.PostAsync(LocalPeople.Say("rita", "and the projector too"));

        Assert.Equal("Notice", refused.Reply);
        Assert.Equal(
            "You've opened 2 cases in the last 10 min (SUP-000001, SUP-000002), the most I take from one person in that time. " +
            "Add anything new to one of them (status SUP-000002 shows it), or try again in a few minutes.", refused.Text);
        Assert.Equal(2, Db.Count("SELECT count(*) FROM cases"));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM intake_sessions"));

        // Someone else is not held back by rita's reports.
        await ReportAsync(host, "sam", "Badge reader broken");

        // Ten minutes after the first, one slot is free again.
        clock.Advance(TimeSpan.FromMinutes(1));
        await ReportAsync(host, "rita", "Projector flickers");
        Assert.Equal(3, Db.Count("SELECT count(*) FROM cases WHERE reporter_key = 'local:rita'"));
    }

    [Fact]
    public async Task A_report_already_under_way_when_the_limit_is_reached_is_not_opened_and_its_answers_are_kept_for_later()
    {
        await using (var host = await TestHost.StartAsync(DatabasePath, clock, settings: Limit(2)))
        {
            await ReportAsync(host, "rita", "Printer jammed");
            await host.PostAsync(LocalPeople.Say("rita", "Scanner offline"));
            await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.next", Answers("Scanner offline")));
            await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.continue"));
        }

        // The desk tightened the limit meanwhile.
        await using (var host = await TestHost.StartAsync(DatabasePath, clock, settings: Limit(1)))
        {
            var refused = await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.submit"));

            Assert.Equal(("ReplaceCard", "notice"), (refused.Reply, refused.Card));
            Assert.Equal(1, Db.Count("SELECT count(*) FROM cases"));
            Assert.Equal(1, Db.Count("SELECT count(*) FROM intake_sessions WHERE user_key = 'local:rita'"));

            clock.Advance(TimeSpan.FromMinutes(10));
            var opened = await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.submit"));
            Assert.Equal("case-opened", opened.Card);
            Assert.Equal(2, Db.Count("SELECT count(*) FROM cases"));
        }
    }

    [Fact]
    public async Task A_limit_that_makes_no_sense_stops_the_start_with_what_to_set()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartAsync(DatabasePath, clock, settings: Limit(-1)));

        Assert.Contains("SupportBot:Intake: MaxReports must be 0 (no limit) or more", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Answers(string title)
    {
        var answers = LocalPeople.Severity1Answers(title);
        answers["impact"] = "regional";
        return answers;
    }

    private static async Task ReportAsync(TestHost host, string user, string title)
    {
        await host.PostAsync(LocalPeople.Say(user, title));
        await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.next", Answers(title)));
        await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.continue"));
        var opened = await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.submit"));
        Assert.Equal("case-opened", opened.Card);
    }
}
