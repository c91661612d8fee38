using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using NodaTime;
using SupportBot.Core.Policy;
using SupportBot.Outbox;
using SupportBot.Policy;
using SupportBot.Privacy;
using SupportBot.Storage;
using SupportBot.Storage.Sqlite;
using SupportBot.Tests.Cli;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Privacy;

/// <summary>
/// An admin exports and erases one reporter's data, in the local workspace and on the command line,
/// after a whole case: reported, claimed, asked, answered, resolved and rated; on each storage provider.
/// </summary>
public sealed class PersonalDataTests : IDisposable
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private const string Title = "Wifi down at the Oslo office";
    private const string Reply = "It started right after lunch";
    private static readonly string GuideFile = PolicyYaml.RepositoryFile("policies/operational-guide.yml");
    private static readonly SupportPolicy Guide = PolicyLoader.Load(GuideFile).Policy!;

    private readonly TestClock clock = new(Monday10Utc);
    private TestDatabase? db;

    private HostDb Db => new(db!.Database);

    private SqlDialect Dialect => db!.Database.Dialect;

    /// <summary>Where the app writes exports: beside the SQLite file, or SupportBot:Storage:FilesPath.</summary>
    private string Exports => Path.Combine(db!.Database.FilesFolder, "exports");

    /// <summary>Everything rita gave or wrote: her name, her email, her answers, her reply.</summary>
    private static readonly string[] RitasData = ["Reporter rita", "rita@example.com", Title, "Nobody can connect", "Acme", Reply];

    public void Dispose()
    {
        var files = db?.Database.FilesFolder;
        db?.Dispose();
        if (files is not null && Directory.Exists(files))
        {
            Directory.Delete(files, recursive: true);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Only_an_admin_may_export_or_erase_and_anyone_else_is_told_so_and_nothing_is_done(StorageProvider provider)
    {
        await using var host = await StartWithOneClosedCaseAsync(provider);

        var agent = await host.PostAsync(LocalPeople.Command("agent-1", "triage", "privacy", "erase rita confirm"));
        var reporter = await host.PostAsync(LocalPeople.Command("sam", "dm:sam", "privacy", "export rita"));

        Assert.Equal(("Notice", "Only an admin of the desk can export or erase a person's data."), (agent.Reply, agent.Text));
        Assert.Equal(("Notice", "Only an admin of the desk can export or erase a person's data."), (reporter.Reply, reporter.Text));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM privacy_requests"));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM cases WHERE data LIKE '%Reporter rita%'"));
        Assert.False(Directory.Exists(Exports));
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_admin_gets_everything_kept_about_a_person_as_a_json_file_and_the_export_is_audited(StorageProvider provider)
    {
        await using var host = await StartWithOneClosedCaseAsync(provider);

        var answer = await host.PostAsync(LocalPeople.Command("admin-1", "dm:admin-1", "privacy", "export rita"));

        Assert.Equal("Notice", answer.Reply);
        var file = Assert.Single(Directory.GetFiles(Exports));
        Assert.Equal($"Exported what SupportBot keeps about local:rita (1 cases reported, 4 log entries, 2 messages typed, no intake under way, 0 learned accounts) to {file} on the bot's machine.", answer.Text);
        var export = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.Equal("local:rita", export["subject"]!.GetValue<string>());
        var reported = Assert.Single(export["casesReported"]!.AsArray())!;
        Assert.Equal(("SUP-000001", "rita@example.com", "Nobody can connect"),
            (reported["number"]!.GetValue<string>(), reported["answers"]!["contact_email"]!.GetValue<string>(), reported["answers"]!["description"]!.GetValue<string>()));
        Assert.Contains(export["caseLogEntries"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "rated");
        Assert.Contains(export["messagesTyped"]!.AsArray(), m => m!["text"]!.GetValue<string>() == Reply);
        var audit = Assert.Single(Db.Rows<(string Action, string Hash, string By)>("SELECT action, subject_hash, by_key FROM privacy_requests"));
        Assert.Equal(("export", "local:admin-1"), (audit.Action, audit.By));
        Assert.DoesNotContain("rita", audit.Hash, StringComparison.Ordinal);
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_erase_asks_to_confirm_then_leaves_nothing_of_the_person_and_keeps_case_numbers_times_and_kpis(StorageProvider provider)
    {
        await using var host = await StartWithOneClosedCaseAsync(provider);
        var kpis = await host.Client.GetStringAsync("/api/dashboard/kpis?month=2026-11");
        var numbersAndTimes = $"SELECT number || ' ' || opened_at || ' ' || closed_at || ' ' || severity || ' ' || {Dialect.JsonText("data", "rating")} FROM cases";
        var times = Db.Text(numbersAndTimes);

        var asked = await host.PostAsync(LocalPeople.Command("admin-1", "dm:admin-1", "privacy", "erase rita"));

        Assert.Equal("Notice", asked.Reply);
        Assert.EndsWith("To go ahead, type: privacy erase local:rita confirm", asked.Text, StringComparison.Ordinal);
        Assert.Equal(0, Db.Count("SELECT count(*) FROM privacy_requests"));
        Assert.NotEmpty(Mentions(RitasData));

        var erased = await host.PostAsync(LocalPeople.Command("admin-1", "dm:admin-1", "privacy", "erase rita confirm"));

        Assert.StartsWith("Erased local:rita's personal data (1 cases, ", erased.Text, StringComparison.Ordinal);
        Assert.Empty(Mentions(RitasData));
        Assert.Equal(times, Db.Text(numbersAndTimes));
        Assert.Equal(kpis, await host.Client.GetStringAsync("/api/dashboard/kpis?month=2026-11"));
        Assert.Equal("[erased]", Db.Text($"SELECT {Dialect.JsonText("data", "reporter.name")} FROM cases"));
        Assert.Equal("local:[erased]", Db.Text("SELECT reporter_key FROM cases"));
        var audit = Assert.Single(Db.Rows<(string Summary, string By)>("SELECT summary, actor_name FROM case_events WHERE type = 'personal-data-erased'"));
        Assert.DoesNotContain("rita", audit.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, Db.Count("SELECT count(*) FROM privacy_requests WHERE action = 'erase' AND by_key = 'local:admin-1'"));
        // The agent who handled it is untouched.
        Assert.Equal(1, Db.Count("SELECT count(*) FROM cases WHERE owner_key = 'local:agent-1' AND data LIKE '%Example Agent One%'"));

        // Done twice, it touches no case (only the admin's own chat, where the first answer named rita).
        var version = Db.Count("SELECT version FROM cases");
        var again = await host.PostAsync(LocalPeople.Command("admin-1", "dm:admin-1", "privacy", "erase rita confirm"));
        Assert.StartsWith("Erased local:rita's personal data (0 cases", again.Text, StringComparison.Ordinal);
        Assert.Equal(version, Db.Count("SELECT version FROM cases"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_erase_waits_for_another_instances_write_to_a_case_and_erases_what_that_write_added(StorageProvider provider)
    {
        await (await StartWithOneClosedCaseAsync(provider)).DisposeAsync();
        var other = db!.OpenAnother();
        using var connection = other.Open();
        using var write = other.BeginWrite(connection);
        Assert.Equal(1, connection.Execute(
            "UPDATE cases SET data = replace(data, '\"number\":\"SUP-000001\"', '\"number\":\"SUP-000001\",\"note\":\"Call Reporter rita back\"'), version = version + 1",
            transaction: write));

        var erase = Task.Run(() =>
        {
            using var eraser = db.Database.Open();
            using var transaction = db.Database.BeginWrite(eraser);
            var erased = PersonalDataEraser.Erase(eraser, transaction, new Subject("local:rita"), Guide, "cli", "the command line", Instant.FromDateTimeOffset(clock.GetUtcNow()));
            transaction.Commit();
            return erased;
        });
        await WaitUntilWaitingForALockAsync(erase);
        write.Commit();

        Assert.Equal(1, (await erase).Cases);
        Assert.Empty(Mentions([.. RitasData, "Call Reporter rita back"]));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM cases WHERE data LIKE '%\"note\":\"Call [erased] back\"%'"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_erase_finds_the_persons_name_written_in_any_letter_case(StorageProvider provider)
    {
        await (await StartWithOneClosedCaseAsync(provider)).DisposeAsync();
        Db.Execute("INSERT INTO local_messages (conversation_id, template, data, text, pinned, created_at, updated_at, author_id, author_name) " +
            "VALUES ('triage', 'text', '{}', 'Spoke with REPORTER RITA on the phone', 0, 0, 0, 'agent-1', 'Example Agent One')");

        var erase = await CliAsync("privacy", "erase", "--user", "local:rita", "--yes", "--policy", GuideFile);

        Assert.Equal(0, erase.Code);
        Assert.Equal("Spoke with [erased] on the phone", Db.Text("SELECT text FROM local_messages WHERE author_id = 'agent-1' AND created_at = 0"));
    }

    [Theory]
    [InlineData("erase", "Say what to do and for whom")]
    [InlineData("forget rita", "Say what to do and for whom")]
    [InlineData("export rita confirm", "Say what to do and for whom")]
    [InlineData("export rita@example.com", "'rita@example.com' is not a person I can look up")]
    public async Task A_privacy_command_that_names_no_action_or_no_person_says_what_to_type_and_does_nothing(string arguments, string answer)
    {
        // The chat command's parsing, which runs before the store: one provider is enough.
        await using var host = await StartWithOneClosedCaseAsync(StorageProvider.Sqlite);

        var reply = await host.PostAsync(LocalPeople.Command("admin-1", "dm:admin-1", "privacy", arguments));

        Assert.Equal("Notice", reply.Reply);
        Assert.StartsWith(answer, reply.Text, StringComparison.Ordinal);
        Assert.Equal(0, Db.Count("SELECT count(*) FROM privacy_requests"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_command_line_exports_and_erases_only_with_yes_on_the_same_database(StorageProvider provider)
    {
        await (await StartWithOneClosedCaseAsync(provider)).DisposeAsync();

        var export = await CliAsync("privacy", "export", "--user", "local:rita");
        var unconfirmed = await CliAsync("privacy", "erase", "--user", "local:rita");
        var notAKey = await CliAsync("privacy", "erase", "--user", "rita", "--yes");

        Assert.Equal(0, export.Code);
        Assert.Equal("SUP-000001", JsonNode.Parse(export.Output)!["casesReported"]![0]!["number"]!.GetValue<string>());
        Assert.Equal((2, "This erases local:rita's personal data for good. Run it again with --yes to go ahead."), (unconfirmed.Code, unconfirmed.Error.Trim()));
        Assert.Equal(2, notAKey.Code);
        Assert.NotEmpty(Mentions(RitasData));

        var erase = await CliAsync("privacy", "erase", "--user", "local:rita", "--yes",
            "--policy", GuideFile);

        Assert.Equal(0, erase.Code);
        Assert.StartsWith("Erased local:rita's personal data (1 cases, ", erase.Output, StringComparison.Ordinal);
        Assert.Empty(Mentions(RitasData));
        Assert.Equal(["export", "erase"], Db.Texts("SELECT action FROM privacy_requests ORDER BY id"));
    }

    /// <summary>
    /// rita reports a Severity 2 case and types in her chat; the agent claims it, asks her a question she
    /// answers, resolves it, and she rates the help. Everything is delivered.
    /// </summary>
    private async Task<TestHost> StartWithOneClosedCaseAsync(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        var host = await db.StartHostAsync(clock);
        var answers = LocalPeople.Severity1Answers(Title);
        answers["impact"] = "regional";
        await host.PostAsync(LocalPeople.Say("rita", Title));
        await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.next", answers));
        await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.continue"));
        await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.submit"));
        var id = Db.Text("SELECT id FROM cases")!;
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = id }));
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.ask", new() { ["case"] = id, ["question"] = "When did it start?" }));
        await host.PostAsync(LocalPeople.Say("rita", Reply));
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.resolve", new() { ["case"] = id, ["outcome"] = "fixed", ["summary"] = "Controller restarted" }));
        clock.Advance(TimeSpan.FromMinutes(30));
        await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "reporter.fixed", new() { ["case"] = id, ["rating"] = "5" }));
        await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'rated'"));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM outbox WHERE status = 'pending'"));
        return host;
    }

    /// <summary>Returns once <paramref name="work"/> waits for a lock another connection holds (PostgreSQL says so; SQLite's busy wait cannot be seen, so it is given time).</summary>
    private async Task WaitUntilWaitingForALockAsync(Task work)
    {
        var waited = Stopwatch.StartNew();
        while (db!.Provider == StorageProvider.Postgres && waited.Elapsed < TimeSpan.FromSeconds(30) && !work.IsCompleted
            && Db.Count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0)
        {
            await Task.Delay(20);
        }
        if (db.Provider == StorageProvider.Sqlite)
        {
            await Task.Delay(500);
        }
        Assert.False(work.IsCompleted, "it waits for the other instance's write");
    }

    /// <summary>
    /// The command line on the test's database: on SQLite in process with --db; on PostgreSQL the app's
    /// executable, configured through the environment as an operator would (its clock is the real one).
    /// </summary>
    private async Task<(int Code, string Output, string Error)> CliAsync(params string[] args) =>
        db!.Database is SqliteDatabase sqlite
            ? CliRunner.RunAt(clock, [.. args, "--db", sqlite.Path])
            : await CliProcess.RunAsync(db.StorageEnvironment(), args);

    /// <summary>"table.column" for every column of every table that holds any of the strings (any case).</summary>
    private List<string> Mentions(IEnumerable<string> strings)
    {
        using var connection = db!.Database.Open();
        var found = new List<string>();
        foreach (var (table, column) in EveryColumn.Of(db.Database))
        {
            foreach (var s in strings)
            {
                var mentions = $"SELECT count(*) FROM \"{table}\" WHERE {Dialect.Position($"lower(CAST(\"{column}\" AS TEXT))", "lower(@s)")} > 0";
                if (connection.ExecuteScalar<long>(mentions, new { s }) > 0)
                {
                    found.Add($"{table}.{column}: {s}");
                }
            }
        }
        return found;
    }
}
