using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SupportBot.Tests.OutOfProcess;

/// <summary>
/// The real app, <c>dotnet SupportBot.dll</c>, as a child process on a loopback port with the SQLite
/// file, policy and settings a test gives it; ready once <c>/readyz</c> answers 200. <see cref="Kill"/>
/// is SIGKILL, so no shutdown code runs (a power cut, an OOM kill). Starting again with
/// <see cref="Options"/> is a restart on the same file, port and output buffer. Dispose kills a child
/// still running. Free of xUnit, so a benchmark console can use it too.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;

    private AppProcess(Process process, AppProcessOptions options)
    {
        this.process = process;
        Options = options;
        BaseUrl = new Uri($"http://127.0.0.1:{options.Port}/");
        Client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The options it was started with, its actual port included: what a restart passes.</summary>
    public AppProcessOptions Options { get; }

    public Uri BaseUrl { get; }

    public HttpClient Client { get; }

    public int Id => process.Id;

    public ProcessOutput Output => Options.Output;

    public bool HasExited => process.HasExited;

    /// <summary>After a SIGKILL, 137 (128 + 9) as the shell reports it.</summary>
    public int ExitCode => process.ExitCode;

    public static async Task<AppProcess> StartAsync(AppProcessOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options with { Port = options.Port == 0 ? FreePort() : options.Port };
        var app = options.AppPath ?? DefaultAppPath();
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{options.Port}");
        foreach (var argument in options.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        SetEnvironment(start, options);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName} {app}.");
        options.Output.Attach(process, $"[{process.Id}] ");
        var child = new AppProcess(process, options);
        try
        {
            await child.WaitReadyAsync(ct);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
        return child;
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux), then waits until the process is gone.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }
        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
        Client.Dispose();
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                // The exit can be seen before the last output lines are read: wait for both streams to end.
                await process.WaitForExitAsync(ct);
                throw new InvalidOperationException($"SupportBot exited with code {process.ExitCode} before it was ready:\n{Output.Tail()}");
            }
            try
            {
                using var response = await probe.GetAsync(new Uri("readyz", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // The probe timed out: still starting.
            }
            if (deadline.Elapsed > Options.ReadyTimeout)
            {
                throw new TimeoutException($"SupportBot was not ready within {Options.ReadyTimeout}:\n{Output.Tail()}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }

    private static void SetEnvironment(ProcessStartInfo start, AppProcessOptions options)
    {
        // A clean slate: no SupportBot settings or environment name inherited from whoever runs the tests.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("SupportBot__", StringComparison.OrdinalIgnoreCase)
            || k is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT" or "ASPNETCORE_URLS").ToList())
        {
            start.Environment.Remove(key);
        }
        if (options.DatabasePath is { } path)
        {
            start.Environment["SupportBot__Storage__SqlitePath"] = Path.GetFullPath(path);
        }
        start.Environment["SupportBot__Policy__Path"] = options.Policy;
        // Several children share two cores with the test run: the workstation GC keeps each small.
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in options.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
    }

    /// <summary>The SDK's host while tests run (DOTNET_HOST_PATH), else this process if it is dotnet, else dotnet on the PATH.</summary>
    internal static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    internal static string DefaultAppPath()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "SupportBot.dll");
        return File.Exists(app)
            ? app
            : throw new FileNotFoundException($"No SupportBot.dll next to {AppContext.BaseDirectory}; build the solution or set AppProcessOptions.AppPath.", app);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
