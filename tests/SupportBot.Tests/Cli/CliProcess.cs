using System.Diagnostics;
using SupportBot.Tests.OutOfProcess;

namespace SupportBot.Tests.Cli;

/// <summary>
/// Runs the app's executable as a command (<c>SupportBot privacy …</c>) with the environment a test
/// gives it, as an operator runs it beside the bot: what the in-process runner cannot vary, since the
/// command line reads its settings from the process's environment.
/// </summary>
internal static class CliProcess
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var app = AppProcess.DefaultAppPath();
        var start = new ProcessStartInfo(AppProcess.DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }
        // Only the test's settings: none inherited from whoever runs the tests.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("SupportBot__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment.Where(e => e.Value is not null))
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName} {app}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
