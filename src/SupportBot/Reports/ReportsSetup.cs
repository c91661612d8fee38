namespace SupportBot.Reports;

public static class ReportsSetup
{
    /// <summary>Reports from the store; the monthly post is scheduled in <see cref="Scheduling.SchedulingSetup"/>.</summary>
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportCases>();
        builder.Services.AddSingleton<MonthlyReports>();
        builder.Services.AddSingleton<MonthlyReportPoster>();
        builder.Services.AddSingleton<Lint.PolicyLintPoster>();
        return builder;
    }
}
