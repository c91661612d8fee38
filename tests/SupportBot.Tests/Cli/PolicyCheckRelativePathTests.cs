using System.Diagnostics;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Cli;

/// <summary>
/// <c>policy check policies/x.yml</c> run as the real program in a child process, because a relative path
/// depends on the process's working directory and on the shell's <c>PWD</c>, which a test must not change in
/// its own process. <c>dotnet run</c> starts this web project in its project folder and passes the shell's
/// <c>PWD</c> on; the "project" folder below stands for that.
/// </summary>
public sealed class PolicyCheckRelativePathTests : IDisposable
{
    private readonly string shell = Directory.CreateTempSubdirectory("supportbot-shell-").FullName;
    private readonly string project = Directory.CreateTempSubdirectory("supportbot-project-").FullName;

    /// <summary>A file under the shell's directory; named as a preset, checking the shipped preset instead would show.</summary>
    private void WriteInShell(string relative, string yaml)
    {
        var path = Path.Combine(shell, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
    }

    [Fact]
    public async Task Under_dotnet_run_a_relative_path_is_the_file_in_the_shells_directory_not_the_preset_of_that_name()
    {
        WriteInShell("policies/bicom.yml", PolicyYaml.Minimal);

        var (code, output, error) = await RunProgram(workingDirectory: project, pwd: shell, "policy", "check", "policies/bicom.yml");

        Assert.Equal((0, ""), (code, error));
        Assert.StartsWith("policies/bicom.yml: valid. Policy 'test' (Test policy): 2 severities,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_shell_directory_a_relative_path_is_the_file_in_the_working_directory()
    {
        WriteInShell("policies/bicom.yml", PolicyYaml.Minimal);

        var (code, output, error) = await RunProgram(workingDirectory: shell, pwd: null, "policy", "check", "policies/bicom.yml");

        Assert.Equal((0, ""), (code, error));
        Assert.StartsWith("policies/bicom.yml: valid. Policy 'test'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problems_in_a_relative_file_name_it_as_typed()
    {
        WriteInShell("mine/broken.yml", PolicyYaml.Minimal.Replace("response: 15m", "response: soon", StringComparison.Ordinal));

        var (code, output, _) = await RunProgram(workingDirectory: project, pwd: shell, "policy", "check", "mine/broken.yml");

        Assert.Equal(1, code);
        Assert.StartsWith("mine/broken.yml:7: severities[0].response: \"soon\" is not a duration", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preset_name_still_finds_the_shipped_preset_from_any_folder()
    {
        var (code, output, error) = await RunProgram(workingDirectory: project, pwd: shell, "policy", "check", "bicom");

        Assert.Equal((0, ""), (code, error));
        Assert.StartsWith("bicom: valid. Policy 'bicom'", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunProgram(string workingDirectory, string? pwd, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SupportBot.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("PWD");
        if (pwd is not null)
        {
            start.Environment["PWD"] = pwd;
        }
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        Directory.Delete(shell, recursive: true);
        Directory.Delete(project, recursive: true);
    }
}
