using SupportBot.Core.Policy;
using SupportBot.Dashboard;
using SupportBot.Hosting;
using SupportBot.Local;
using SupportBot.Outbox;
using SupportBot.Reports;
using SupportBot.Scheduling;
using SupportBot.Slack;
using SupportBot.Slack.Inbound;
using SupportBot.Storage;
using SupportBot.Teams;
using SupportBot.Teams.Inbound;

namespace SupportBot;

/// <summary>The table of contents of the app: what runs, and which endpoints answer. Program.cs and the tests both use it.</summary>
public static class SupportBotApp
{
    public static WebApplicationBuilder AddSupportBot(this WebApplicationBuilder builder, SupportPolicy policy)
    {
        builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.AddEngine(policy);
        builder.AddStorage();
        builder.Services.AddOutbox();
        builder.AddScheduling();
        builder.AddReports();
        builder.AddLocalWorkspace();
        builder.AddDashboard();
        builder.AddSlackApi();
        builder.AddSlackInbound();
        builder.AddTeamsConnector();
        builder.AddHealth();
        // Every error answer, including a body that is not JSON, is a problem document that says what was wrong.
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<PrometheusEndpoint>();
        return builder;
    }

    public static WebApplication MapSupportBot(this WebApplication app)
    {
        app.MigrateStorage();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealth();
        PrometheusEndpoint.MapMetrics(app);
        // Create the listener at start-up so that counters count from the first event, not the first scrape.
        app.Services.GetRequiredService<PrometheusEndpoint>();
        app.MapLocalWorkspace();
        app.MapDashboard();
        app.MapSlack();
        app.MapTeams();
        return app;
    }
}
