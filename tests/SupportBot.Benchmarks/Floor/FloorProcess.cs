using SupportBot.Tests.OutOfProcess;

namespace SupportBot.Benchmarks.Floor;

/// <summary>The floor as a child process: this executable in floor mode, started and stopped like the app.</summary>
public static class FloorProcess
{
    /// <summary>Starts it on a new SQLite file in <paramref name="folder"/>; ready once /readyz answers.</summary>
    public static Task<AppProcess> StartAsync(string folder, string signingSecret, CancellationToken ct) =>
        AppProcess.StartAsync(new AppProcessOptions
        {
            AppPath = typeof(FloorServer).Assembly.Location,
            DatabasePath = Path.Combine(folder, "floor.db"),
            Arguments = FloorServer.Arguments,
            Environment = new Dictionary<string, string?>
            {
                ["SupportBot__Slack__SigningSecret"] = signingSecret,
                ["Logging__LogLevel__Default"] = "Warning",
            },
        }, ct);

    /// <summary>The rows it committed, read from its file.</summary>
    public static long Rows(string folder)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "floor.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM reports";
        return (long)count.ExecuteScalar()!;
    }
}
