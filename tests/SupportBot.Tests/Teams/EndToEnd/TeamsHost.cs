using Microsoft.Extensions.DependencyInjection;
using SupportBot.Outbox;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Teams.EndToEnd;

/// <summary>
/// The real app with Teams as its only platform (the local workspace off), on its own SQLite file,
/// driven with signed activities through a <see cref="TeamsDriver"/>: what the Teams end-to-end tests share.
/// </summary>
public sealed class TeamsHost : IAsyncDisposable
{
    private readonly string folder;

    private TeamsHost(string folder, TeamsDriver teams, TestHost host)
    {
        this.folder = folder;
        Teams = teams;
        Host = host;
    }

    public TeamsDriver Teams { get; }

    public TestHost Host { get; }

    public HostDb Db => new(Path.Combine(folder, "supportbot.db"));

    /// <param name="settings">Changes to the driver's settings before the app starts.</param>
    /// <param name="services">More service changes, after the driver's identity trust.</param>
    public static async Task<TeamsHost> StartAsync(
        TimeProvider clock, Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null)
    {
        var folder = Directory.CreateTempSubdirectory("supportbot-teams-").FullName;
        var teams = await TeamsDriver.StartAsync(clock);
        var configuration = teams.Settings();
        configuration["SupportBot:Local:Enabled"] = "false";
        settings?.Invoke(configuration);
        var host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock, settings: configuration, services: s =>
        {
            teams.TrustIdentity(s);
            services?.Invoke(s);
        });
        teams.Client = host.Client;
        return new TeamsHost(folder, teams, host);
    }

    /// <summary>One outbox pass, as the dispatcher's loop would make it.</summary>
    public Task<int> DeliverAsync() => Host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Teams.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
