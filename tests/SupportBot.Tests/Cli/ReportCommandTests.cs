using NodaTime;
using SupportBot.Core.Reports;
using SupportBot.Policy;
using SupportBot.Reports;
using SupportBot.Storage.Sqlite;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Cli;

/// <summary>A database with July 2026's cases, written by the real app: two Severity 1 reports, the first claimed at once and resolved 2 hours later.</summary>
public sealed class JulyDatabase : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("supportbot-report-cli-").FullName;

    public string Path => System.IO.Path.Combine(Folder, "supportbot.db");

    public static string Preset => PolicyYaml.RepositoryFile("policies/operational-guide.yml");

    /// <summary>Half an hour after the second report (12:35), so that its 15-minute response target is missed.</summary>
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 7, 20, 10, 0, 0, TimeSpan.Zero));

    /// <summary>What the app's own report service (the dashboard's) gives for July, as JSON, at <see cref="Clock"/>'s time.</summary>
    public string ServiceJson { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await using (var host = await TestHost.StartAsync(Path, Clock))
        {
            await Seed(host, Clock);
        }
        // Moved on with the app stopped, so no timer changes the database behind the reports.
        Clock.Advance(TimeSpan.FromMinutes(30));
        var reports = new MonthlyReports(new ReportCases(new SqliteDatabase(Path)), PolicyLoader.Load(Preset).Policy!, Clock);
        ServiceJson = ReportExport.Json(await reports.BuildAsync(new YearMonth(2026, 7), CancellationToken.None));
    }

    private async Task Seed(TestHost host, TestClock clock)
    {
        await LocalPeople.ReportAsync(host, "rita", "Wifi down, \"everywhere\"");
        var caseId = new HostDb(Path).Text("SELECT id FROM cases WHERE number = 'SUP-000001'")!;
        clock.Advance(TimeSpan.FromMinutes(5));
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = caseId }));
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.update", new() { ["case"] = caseId, ["update"] = "Restarting the controller" }));
        clock.Advance(TimeSpan.FromHours(2));
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.resolve", new() { ["case"] = caseId, ["outcome"] = "fixed", ["summary"] = "Controller restarted" }));
        await LocalPeople.ReportAsync(host, "otto", "Wifi down again");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary><c>report --month YYYY-MM</c>: exit 0 done, 2 usage or invalid month or policy, 3 no database.</summary>
public sealed class ReportCommandTests(JulyDatabase db) : IClassFixture<JulyDatabase>
{
    private string[] July(params string[] more) => ["report", "--month", "2026-07", "--db", db.Path, "--policy", JulyDatabase.Preset, .. more];

    private (int Code, string Output, string Error) Run(params string[] args) => CliRunner.RunAt(db.Clock, args);

    [Fact]
    public void The_text_report_prints_the_months_figures()
    {
        var (code, output, error) = Run(July());

        Assert.Equal((0, ""), (code, error));
        Assert.StartsWith("SLA report for July 2026 (Operational guide: four severities)", output, StringComparison.Ordinal);
        Assert.Contains("All cases: 2 opened, 1 breached a target.", output, StringComparison.Ordinal);
        Assert.Matches(@"Severity 1 +2  50% \(1 of 2\) +100% \(1 of 1\)", output);
        Assert.Contains("SUP-000002  Severity 1  Wifi down again: response missed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_export_has_the_same_figures_as_the_apps_report_service()
    {
        var (code, output, _) = Run(July("--format", "json"));

        Assert.Equal(0, code);
        Assert.Equal(db.ServiceJson, output);
    }

    [Fact]
    public void The_csv_export_has_one_header_and_a_row_per_severity_and_category()
    {
        var (code, output, _) = Run(July("--format", "CSV"));

        Assert.Equal(0, code);
        var lines = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', ReportExport.CsvColumns), lines[0]);
        Assert.Equal(["all", "severity", "severity", "severity", "severity", "category", "region"], lines.Skip(1).Select(l => l.Split(',')[1]));
        Assert.StartsWith("2026-07,category,connectivity,", lines[6], StringComparison.Ordinal);
    }

    [Fact]
    public void Out_writes_the_report_to_a_file_and_says_so()
    {
        var file = System.IO.Path.Combine(db.Folder, "out", "july.csv");

        var (code, output, _) = Run(July("--format", "csv", "--out", file));

        Assert.Equal(0, code);
        Assert.Equal($"Wrote {file}: the csv report for July 2026, 2 cases.", output.TrimEnd());
        Assert.StartsWith("month,group,id,name,cases,", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("July")]
    [InlineData("2026-7-1")]
    public void An_invalid_month_exits_with_2_and_says_how_to_write_one(string month)
    {
        var (code, output, error) = Run("report", "--month", month, "--db", db.Path);

        Assert.Equal((2, ""), (code, output));
        Assert.Contains($"--month '{month}' is not a month: write it as YYYY-MM, e.g. 2026-03.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_month_or_an_unknown_format_exits_with_2()
    {
        Assert.Equal(2, Run("report", "--db", db.Path).Code);
        var (code, _, error) = Run(July("--format", "xml"));
        Assert.Equal(2, code);
        Assert.Contains("--format 'xml' is not a report format: use text, csv, json.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_database_exits_with_3_and_nothing_is_created()
    {
        var missing = System.IO.Path.Combine(db.Folder, "nothing-here", "supportbot.db");

        var (code, output, error) = Run("report", "--month", "2026-07", "--db", missing, "--policy", JulyDatabase.Preset);

        Assert.Equal((3, ""), (code, output));
        Assert.StartsWith($"No database at {missing}", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(System.IO.Path.GetDirectoryName(missing)));
    }

    [Fact]
    public void A_file_that_is_not_a_supportbot_database_exits_with_3()
    {
        var notADatabase = System.IO.Path.Combine(db.Folder, "notes.db");
        File.WriteAllText(notADatabase, "these are my notes, not a database\n");

        var (code, _, error) = Run("report", "--month", "2026-07", "--db", notADatabase, "--policy", JulyDatabase.Preset);

        Assert.Equal(3, code);
        Assert.StartsWith($"{notADatabase} is not a SupportBot database this command can read:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_policy_exits_with_2_listing_its_errors()
    {
        var file = System.IO.Path.Combine(db.Folder, "broken.yml");
        File.WriteAllText(file, PolicyYaml.Minimal.Replace("response: 15m", "response: soon", StringComparison.Ordinal));

        var (code, _, error) = Run("report", "--month", "2026-07", "--db", db.Path, "--policy", file);

        Assert.Equal(2, code);
        Assert.Contains($"{file}:7: severities[0].response:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_options_and_the_exit_codes()
    {
        var (code, output, _) = Run("report", "--help");
        var text = output.ReplaceLineEndings(" ");

        Assert.Equal(0, code);
        foreach (var option in new[] { "--month <YYYY-MM>", "--format <text|csv|json>", "--db <FILE>", "--policy <FILE>", "--out <FILE>" })
        {
            Assert.Contains(option, text, StringComparison.Ordinal);
        }
        Assert.Matches(@"Exit codes: +0 +done; +2 +bad +arguments, +an +invalid +month", text);
        Assert.Matches(@"3 +the +database +is +missing", text);
    }
}
