using Microsoft.Playwright;
using SupportBot.Tests.Hosting;
using Xunit.Abstractions;

namespace SupportBot.Tests.Browser;

/// <summary>
/// The real app on its own SQLite file and test clock, and a fresh browser page on its workspace.
/// Screenshots go to <see cref="Screenshots.Folder"/>, named after the test and step.
/// </summary>
public sealed class WorkspaceSession : IAsyncDisposable
{
    /// <summary>A Monday morning in London: the EMEA manager is the one working.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string folder;
    private readonly ITestOutputHelper output;
    private readonly string name;
    private int shots;

    private WorkspaceSession(string folder, ITestOutputHelper output, string name, TestClock clock, TestHost host, IBrowserContext context, IPage page)
    {
        this.folder = folder;
        this.output = output;
        this.name = name;
        Clock = clock;
        Host = host;
        Context = context;
        Page = page;
        Db = new HostDb(Path.Combine(folder, "supportbot.db"));
        page.PageError += (_, error) => Errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add(message.Text);
            }
        };
    }

    public TestClock Clock { get; }

    public TestHost Host { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public HostDb Db { get; }

    /// <summary>Script errors and console errors on the page: a test ends by checking there were none.</summary>
    public List<string> Errors { get; } = [];

    /// <param name="policyYaml">A policy to run with; the default preset when null.</param>
    public static async Task<WorkspaceSession> StartAsync(Chromium chromium, ITestOutputHelper output, string name, string? policyYaml = null)
    {
        ArgumentNullException.ThrowIfNull(chromium);
        var browser = await chromium.BrowserAsync();
        var folder = Directory.CreateTempSubdirectory("supportbot-browser-").FullName;
        string? policyPath = null;
        if (policyYaml is not null)
        {
            policyPath = Path.Combine(folder, "policy.yml");
            await File.WriteAllTextAsync(policyPath, policyYaml);
        }
        var clock = new TestClock(T0);
        var host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock, policyPath);
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1600, Height = 1000 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        // Generous: a loaded 2-core machine can take seconds to render a step; a passing run never waits this long.
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new WorkspaceSession(folder, output, name, clock, host, context, page);
    }

    /// <summary>Opens the workspace and waits until its live stream is connected.</summary>
    public async Task OpenAsync()
    {
        await Page.GotoAsync(Host.Client.BaseAddress!.ToString());
        await Assertions.Expect(Page.Locator("body")).ToHaveAttributeAsync("data-status", "live");
    }

    public ILocator Panel(string conversation) => Page.Locator($"section.panel[data-conversation='{conversation}']");

    /// <summary>The latest message drawn from a card template in a panel.</summary>
    public static ILocator Card(ILocator panel, string template)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return panel.Locator($"li.message[data-template='{template}']").Last;
    }

    public async Task ShotAsync(string step)
    {
        var path = Path.Combine(Screenshots.Folder, $"{name}-{++shots:D2}-{step}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalising connection is cleaned up with the temp folder.
        }
    }
}
