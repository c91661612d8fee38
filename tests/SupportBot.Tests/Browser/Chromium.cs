using Microsoft.Playwright;

namespace SupportBot.Tests.Browser;

/// <summary>
/// One Chromium for all browser tests: Debian's package (<c>/usr/bin/chromium</c>, or
/// <c>SUPPORTBOT_CHROMIUM</c>), driven by Playwright; a browser is never downloaded. Started on
/// first use, so a run with <c>SUPPORTBOT_NO_BROWSER=1</c> never looks for it.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private readonly Lazy<Task<IBrowser>> browser;
    private IPlaywright? playwright;

    public Chromium() => browser = new Lazy<Task<IBrowser>>(LaunchAsync);

    public static string ExecutablePath => Environment.GetEnvironmentVariable("SUPPORTBOT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public Task<IBrowser> BrowserAsync() => browser.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (browser.IsValueCreated && browser.Value.IsCompletedSuccessfully)
        {
            await (await browser.Value).DisposeAsync();
        }
        playwright?.Dispose();
    }

    private async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}. Install Debian's package (`apt-get install -y chromium`, as .ci/run does), "
                + "point SUPPORTBOT_CHROMIUM at another Chromium, or set SUPPORTBOT_NO_BROWSER=1 to skip the browser tests.");
        }
        playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true });
    }
}

/// <summary>The browser tests share one Chromium and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedChromium : ICollectionFixture<Chromium>
{
    public const string Name = "Chromium";
}
