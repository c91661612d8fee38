using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Core.Policy.Lint;
using SupportBot.Lint;
using SupportBot.Local;
using SupportBot.Outbox;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Lint;

/// <summary>
/// The daily policy lint post on the real app and a SQLite file or a PostgreSQL database. The preset is broken on purpose:
/// the example admin loses their email, so nobody can reach them on Teams or Slack.
/// </summary>
public sealed class PolicyLintPostTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-lint-").FullName;
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    private TestDatabase? db;

    private HostDb Db => new(db!.Database);

    private Task<TestHost> StartAsync(StorageProvider provider, string? policy = null)
    {
        db ??= TestDatabase.Create(provider, migrate: false);
        return TestHost.StartAsync(db, clock, policy);
    }

    private string Policy(bool broken)
    {
        var preset = File.ReadAllText(PolicyYaml.RepositoryFile("policies/operational-guide.yml"));
        const string Email = "email: admin1@example.com, ";
        Assert.Contains(Email, preset, StringComparison.Ordinal);
        var path = Path.Combine(folder, broken ? "broken.yml" : "fixed.yml");
        File.WriteAllText(path, broken ? preset.Replace(Email, "", StringComparison.Ordinal) : preset);
        return path;
    }

    private long Posts(string lane) => Db.Count("SELECT count(*) FROM outbox WHERE lane = @lane AND payload LIKE '%new warning(s) about policy%'", new { lane });

    private static Task<IReadOnlyList<LintFinding>> CheckAsync(TestHost host) => host.Get<PolicyLintPoster>().PostIfDueAsync(CancellationToken.None);

    [Theory, SqliteData, PostgresData]
    public async Task A_new_finding_is_posted_to_the_managers_once_and_not_again_later_that_day_the_next_day_or_after_a_restart(StorageProvider provider)
    {
        var policy = Policy(broken: true);
        await using (var host = await StartAsync(provider, policy))
        {
            var posted = await CheckAsync(host);

            Assert.Equal([(LintCodes.Unreachable, "contacts.people[admin-1]")], posted.Select(f => (f.Code, f.Location)));
            Assert.Empty(await CheckAsync(host));
            await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
            var card = Assert.Single(host.Get<LocalChannel>().Messages("managers"), m => m.Data["title"]?.GetValue<string>() == "Policy warnings");
            Assert.Contains("warning unreachable-person at contacts.people[admin-1]: Example Admin has no Teams or Slack id and no email",
                card.Data["text"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        clock.Advance(TimeSpan.FromHours(1));
        await using (var host = await StartAsync(provider, policy))
        {
            Assert.Empty(await CheckAsync(host));
            clock.Advance(TimeSpan.FromDays(1));
            Assert.Empty(await CheckAsync(host));
        }
        Assert.Equal(1, Posts("local:managers"));
        Assert.Equal(["2026-11-23", "2026-11-24"], Db.Texts("SELECT day FROM policy_lint_days ORDER BY day"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_instances_checking_at_the_same_moment_post_a_new_finding_once(StorageProvider provider)
    {
        await using var host = await StartAsync(provider, Policy(broken: true));
        var posters = new[]
        {
            host.Get<PolicyLintPoster>(),
            new PolicyLintPoster(db!.OpenAnother(), host.Get<SupportPolicy>(), host.Get<IDeskSource>(), clock, host.Get<OutboxSignal>(),
                NullLogger<PolicyLintPoster>.Instance),
        };

        var posted = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => posters[i % 2].PostIfDueAsync(CancellationToken.None))));

        Assert.Single(posted.SelectMany(findings => findings));
        Assert.Equal(1, Posts("local:managers"));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM policy_lint_posted p JOIN outbox o ON o.id = p.outbox_id WHERE o.lane = 'local:managers'"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_finding_that_was_fixed_and_comes_back_is_posted_again(StorageProvider provider)
    {
        await using (var host = await StartAsync(provider, Policy(broken: true)))
        {
            Assert.Single(await CheckAsync(host));
        }
        clock.Advance(TimeSpan.FromDays(1));
        await using (var host = await StartAsync(provider, Policy(broken: false)))
        {
            Assert.Empty(await CheckAsync(host));
        }
        clock.Advance(TimeSpan.FromDays(1));
        await using (var host = await StartAsync(provider, Policy(broken: true)))
        {
            Assert.Single(await CheckAsync(host));
        }

        Assert.Equal(2, Posts("local:managers"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task With_an_admins_channel_set_in_chat_the_findings_go_there_instead_of_the_managers(StorageProvider provider)
    {
        await using var host = await StartAsync(provider, Policy(broken: true));
        await host.PostAsync(LocalPeople.Command("manager-1", "triage", "set", "admins"));

        Assert.Single(await CheckAsync(host));

        Assert.Equal((1, 0), (Posts("local:triage"), Posts("local:managers")));
        Assert.Equal(["admins"], Db.Texts("SELECT role FROM desk_channels"));
    }

    public void Dispose()
    {
        db?.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
