using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Cli;

/// <summary>
/// Without --db, the commands that read the bot's data use the database the bot is configured with
/// (SupportBot:Storage from the environment): its SQLite file, or PostgreSQL; when that cannot be
/// used they say why in one line and exit with 3.
/// </summary>
public sealed class ConfiguredDatabaseTests : IDisposable
{
    private static readonly string Preset = PolicyYaml.RepositoryFile("policies/operational-guide.yml");

    private TestDatabase? db;

    public void Dispose() => db?.Dispose();

    [Theory, SqliteData, PostgresData]
    public async Task The_report_and_the_privacy_export_read_the_configured_database(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        await using (var host = await db.StartHostAsync(new TestClock(new DateTimeOffset(2026, 7, 20, 10, 0, 0, TimeSpan.Zero))))
        {
            await LocalPeople.ReportAsync(host, "rita", "Wifi down in Oslo");
        }

        var report = await CliProcess.RunAsync(db.StorageEnvironment(), "report", "--month", "2026-07", "--policy", Preset);
        var export = await CliProcess.RunAsync(db.StorageEnvironment(), "privacy", "export", "--user", "local:rita");

        Assert.Equal((0, ""), (report.Code, report.Error));
        Assert.Contains("All cases: 1 opened", report.Output, StringComparison.Ordinal);
        Assert.Equal((0, ""), (export.Code, export.Error));
        Assert.Contains("Wifi down in Oslo", export.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postgresql_server_that_cannot_be_reached_is_said_in_one_line_without_the_password_and_exits_with_3()
    {
        // Nothing listens on port 1 of the loopback: the connection is refused at once.
        var unreachable = Postgres("Host=127.0.0.1;Port=1;Database=supportbot;Username=bot;Password=s3cret-pw;Timeout=5");

        foreach (var command in new[] { new[] { "report", "--month", "2026-07", "--policy", Preset }, ["privacy", "export", "--user", "local:rita"] })
        {
            var (code, output, error) = await CliProcess.RunAsync(unreachable, command);

            Assert.Equal((3, ""), (code, output));
            Assert.StartsWith("Cannot reach the PostgreSQL database supportbot on 127.0.0.1:1 (SupportBot:Storage:PostgresConnectionString): ", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
            Assert.DoesNotContain("s3cret-pw", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_says_what_to_set_and_exits_with_3()
    {
        var (code, _, error) = await CliProcess.RunAsync(Postgres(null), "privacy", "export", "--user", "local:rita");

        Assert.Equal(3, code);
        Assert.StartsWith("SupportBot:Storage:Provider is Postgres but no connection string is set: give SupportBot__Storage__PostgresConnectionString", error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Postgres(string? connectionString) => new()
    {
        ["SupportBot__Storage__Provider"] = "Postgres",
        ["SupportBot__Storage__PostgresConnectionString"] = connectionString,
    };
}
