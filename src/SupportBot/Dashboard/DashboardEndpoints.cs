using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using SupportBot.Core;
using SupportBot.Core.Policy;
using SupportBot.Core.Reports;
using SupportBot.Reports;
using SupportBot.Storage;

namespace SupportBot.Dashboard;

/// <summary>
/// The web dashboard (DESIGN §11): <c>/dashboard</c> (queue, KPI tiles, charts), <c>/dashboard/report</c>
/// (the monthly SLA report and its downloads) and their JSON under <c>/api/dashboard/*</c>, all behind
/// <see cref="DashboardAccess"/>.
/// </summary>
public static class DashboardEndpoints
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section);
        builder.Services.AddSingleton<DashboardAccess>();
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapGet("/dashboard/login", (HttpContext http) => DashboardPage.Serve(http, "login.html"));
        app.MapPost("/dashboard/login", LoginAsync).DisableAntiforgery();
        // The login form's styles: nothing of the desk is in them.
        app.MapGet("/dashboard/assets/dashboard.css", (HttpContext http) => DashboardPage.Serve(http, "dashboard.css"));

        var pages = app.MapGroup("/dashboard").AddEndpointFilter(Guard);
        pages.MapGet("", (HttpContext http) => DashboardPage.Serve(http, "dashboard.html"));
        pages.MapGet("/report", (HttpContext http) => DashboardPage.Serve(http, "report.html"));
        pages.MapGet("/assets/{asset}", (HttpContext http, string asset) => DashboardPage.Serve(http, asset));

        var api = app.MapGroup("/api/dashboard").AddEndpointFilter(Guard);
        api.MapGet("/queue", (IDatabase database, SupportPolicy policy, TimeProvider time) => TypedResults.Ok(QueueView.Read(database, policy, time)));
        api.MapGet("/kpis", KpisAsync);
        api.MapGet("/charts", ChartsAsync);
        api.MapGet("/report", ReportAsync);
        return app;
    }

    private static async ValueTask<object?> Guard(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        switch (http.RequestServices.GetRequiredService<DashboardAccess>().Check(http))
        {
            case DashboardAccess.Verdict.Allowed:
                return await next(context);
            case DashboardAccess.Verdict.NotLocal:
                return TypedResults.Problem("The dashboard answers on this machine only, at a loopback address such as 127.0.0.1, unless SupportBot:Dashboard:AdminToken is set.",
                    statusCode: StatusCodes.Status403Forbidden);
            default:
                http.Response.Headers.WWWAuthenticate = "Bearer";
                // A person at a page gets the login form; a script gets a problem document. Neither says anything about the desk.
                return http.Request.Path.StartsWithSegments("/api")
                    ? TypedResults.Problem("Give the dashboard's admin token: Authorization: Bearer <token>, or log in at /dashboard/login.",
                        statusCode: StatusCodes.Status401Unauthorized)
                    : DashboardPage.Serve(http, "login.html", StatusCodes.Status401Unauthorized);
        }
    }

    private static async Task<IResult> LoginAsync(HttpContext http, DashboardAccess access)
    {
        if (!access.HasToken)
        {
            return TypedResults.Problem("No admin token is configured: the dashboard needs no login on this machine.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!http.Request.HasFormContentType)
        {
            return TypedResults.Problem("Send the token as a form field named 'token'.", statusCode: StatusCodes.Status400BadRequest);
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!access.Accepts(form["token"].ToString()))
        {
            return DashboardPage.LoginFailed(http);
        }
        http.Response.Cookies.Append(DashboardAccess.CookieName, access.SessionValue(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
        });
        return TypedResults.Redirect("/dashboard");
    }

    private static async Task<Results<Ok<KpiView>, ProblemHttpResult>> KpisAsync(
        string? month, string? from, string? to, MonthlyReports reports, SupportPolicy policy, TimeProvider time, CancellationToken ct)
    {
        var (period, error) = DashboardPeriod.Parse(month, from, to, policy.DisplayZone, time.GetCurrentInstant());
        return period is null ? BadRequest(error!) : TypedResults.Ok(KpiView.Of(await reports.KpisAsync(period, ct)));
    }

    private static async Task<Results<Ok<ChartView>, ProblemHttpResult>> ChartsAsync(
        string? month, string? from, string? to, MonthlyReports reports, SupportPolicy policy, TimeProvider time, CancellationToken ct)
    {
        var (period, error) = DashboardPeriod.Parse(month, from, to, policy.DisplayZone, time.GetCurrentInstant());
        return period is null ? BadRequest(error!) : TypedResults.Ok(await ChartView.BuildAsync(reports, policy, period, ct));
    }

    /// <summary>The monthly SLA report as a file: CSV and JSON as downloads, text to read in the page.</summary>
    private static async Task<IResult> ReportAsync(string? month, string? format, MonthlyReports reports, CancellationToken ct)
    {
        if (!ReportPeriod.TryParseMonth(month, out var m))
        {
            return BadRequest(string.IsNullOrEmpty(month) ? "Give the month: month=YYYY-MM, e.g. month=2026-03." : $"'{month}' is not a month: give month=YYYY-MM, e.g. month=2026-03.");
        }
        var f = ExportFormat.Json;
        if (format is not null && !ExportFormats.TryParse(format, out f))
        {
            return BadRequest($"'{format}' is not a report format: give format={string.Join("|", ExportFormats.Names)}.");
        }
        var report = await reports.BuildAsync(m, ct);
        var disposition = f == ExportFormat.Text ? "inline" : "attachment";
        return new FileText(f.Render(report), f.ContentType(), $"{disposition}; filename=\"{f.FileName(report)}\"");
    }

    private static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>A text answer with its Content-Disposition (the file name a browser saves it under).</summary>
    private sealed class FileText(string text, string contentType, string disposition) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ContentDisposition = disposition;
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
            httpContext.Response.ContentType = contentType;
            return httpContext.Response.WriteAsync(text, httpContext.RequestAborted);
        }
    }
}
