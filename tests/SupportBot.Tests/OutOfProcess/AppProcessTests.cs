using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.OutOfProcess;

/// <summary>The out-of-process harness itself: the real app as a child process, killed and restarted.</summary>
public sealed class AppProcessTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-process-").FullName;

    private string Database => Path.Combine(folder, "supportbot.db");

    [Fact]
    public async Task The_child_answers_on_loopback_a_kill_is_SIGKILL_and_a_restart_on_the_same_file_keeps_what_was_acknowledged()
    {
        var first = await AppProcess.StartAsync(new AppProcessOptions { DatabasePath = Database });
        var said = await first.Client.PostAsJsonAsync("/api/local/events", LocalPeople.Say("rita", "the wifi is down"));
        Assert.Equal(HttpStatusCode.OK, said.StatusCode);

        first.Kill();

        Assert.True(first.HasExited);
        Assert.Equal(128 + 9, first.ExitCode);
        var second = await AppProcess.StartAsync(first.Options);
        await using (first)
        await using (second)
        {
            Assert.Equal(first.BaseUrl, second.BaseUrl);
            Assert.Equal(1, new HostDb(Database).Count("SELECT count(*) FROM intake_sessions WHERE user_key = 'local:rita'"));
            Assert.Contains(second.Output.Lines, l => l.StartsWith($"[{first.Id}] ", StringComparison.Ordinal) && l.Contains("Now listening on", StringComparison.Ordinal));
            Assert.Contains(second.Output.Lines, l => l.StartsWith($"[{second.Id}] ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Dispose_kills_a_child_still_running()
    {
        var child = await AppProcess.StartAsync(new AppProcessOptions { DatabasePath = Database });
        var id = child.Id;

        await child.DisposeAsync();

        Assert.Throws<ArgumentException>(() => Process.GetProcessById(id));
    }

    [Fact]
    public async Task A_child_that_cannot_start_fails_the_start_with_what_it_wrote()
    {
        var start = AppProcess.StartAsync(new AppProcessOptions { DatabasePath = Database, Policy = "no-such-preset" });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => start);

        Assert.Contains("exited with code 2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-preset", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
