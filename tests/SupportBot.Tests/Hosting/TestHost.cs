using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Hosting;
using SupportBot.Local;
using SupportBot.Storage.Sqlite;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Hosting;

/// <summary>
/// The real app on a real loopback listener, with a SQLite file (or a PostgreSQL database) the test
/// owns and a test clock. Stopping and starting another host on the same database is a restart.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestHost(WebApplication app, HttpClient client)
    {
        this.app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    /// <param name="policyPath">A policy file; the default preset when null.</param>
    /// <param name="settings">More configuration (e.g. Slack's), over the test defaults.</param>
    /// <param name="services">Last changes to the services (e.g. trusting a loopback fake's certificate).</param>
    public static async Task<TestHost> StartAsync(
        string databasePath, TimeProvider clock, string? policyPath = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SupportBot:Storage:SqlitePath"] = databasePath,
            ["SupportBot:Policy:Path"] = policyPath ?? PolicyYaml.RepositoryFile("policies/operational-guide.yml"),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var policy = PolicySetup.Load(builder.Configuration).Policy!;
        builder.AddSupportBot(policy);
        builder.Services.AddSingleton<TimeProvider>(clock);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapSupportBot();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHost(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <summary>The app on a test's own database, SQLite or PostgreSQL (migrated by the app as it starts).</summary>
    public static Task<TestHost> StartAsync(
        TestDatabase database, TimeProvider clock, string? policyPath = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var storage = new Dictionary<string, string?>();
        if (database.PostgresConnectionString is { } postgres)
        {
            storage["SupportBot:Storage:Provider"] = "Postgres";
            storage["SupportBot:Storage:PostgresConnectionString"] = postgres;
            storage["SupportBot:Storage:FilesPath"] = database.Database.FilesFolder;
        }
        foreach (var setting in settings ?? new Dictionary<string, string?>())
        {
            storage[setting.Key] = setting.Value;
        }
        var sqlitePath = database.Database is SqliteDatabase sqlite ? sqlite.Path : Path.Combine(database.Database.FilesFolder, "unused.db");
        return StartAsync(sqlitePath, clock, policyPath, storage, services);
    }

    public async Task<LocalEventResult> PostAsync(object localEvent)
    {
        var response = await Client.PostAsJsonAsync("/api/local/events", localEvent);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LocalEventResult>())!;
    }

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        // Pooled connections would keep the file open across the "restart".
        SqliteConnection.ClearAllPools();
    }
}
