using System.CommandLine;
using System.CommandLine.Parsing;
using System.Data.Common;
using NodaTime;
using SupportBot.Core;
using SupportBot.Core.Reports;
using SupportBot.Reports;
using SupportBot.Storage;

namespace SupportBot.Cli;

/// <summary>
/// <c>report --month YYYY-MM</c>: the monthly SLA report of the cases opened that month, from the bot's
/// database, as text, CSV or JSON — the same figures the dashboard and the managers' post show.
/// </summary>
public static class ReportCommand
{
    /// <summary>Exit code when the database is missing or is not one this SupportBot can read.</summary>
    public const int NoDatabase = 3;

    public static Command Create(TimeProvider time)
    {
        var month = new Option<YearMonth>("--month")
        {
            HelpName = "YYYY-MM",
            Description = "The month to report: the cases opened in it, in the policy's display zone.",
            Required = true,
            CustomParser = ParseMonth,
        };
        var format = new Option<ExportFormat>("--format")
        {
            HelpName = string.Join("|", ExportFormats.Names),
            Description = "text (default) to read; csv for a spreadsheet (one header row, a row for all cases and one per severity, category and region); json for scripts.",
            DefaultValueFactory = _ => ExportFormat.Text,
            CustomParser = ParseFormat,
        };
        var db = new Option<string?>("--db")
        {
            HelpName = "FILE",
            Description = "A SQLite database file. Default: the bot's database, as SupportBot:Storage in appsettings.json or the environment configures it: "
                + "its SqlitePath (data/supportbot.db), or PostgreSQL when Provider is Postgres (PostgresConnectionString).",
        };
        var policy = new Option<string>("--policy")
        {
            HelpName = "FILE",
            Description = "The policy the bot runs (severities, calendars, KPI targets, SLA credit rule): a file or a preset name. Default: SupportBot:Policy:Path, as the bot.",
            DefaultValueFactory = _ => CliSettings.PolicyPath,
        };
        var output = new Option<FileInfo?>("--out")
        {
            HelpName = "FILE",
            Description = "Write the report to this file (replaced if it exists) instead of standard output.",
        };
        var command = new Command("report",
            "Print or export the monthly SLA report: KPIs against the policy's targets, SLA attainment per severity, volumes, pages, SLA credits due and breached cases. "
            + $"Exit codes: 0 done; {CommandLine.Usage} bad arguments, an invalid month, an invalid policy or an --out file that cannot be written; "
            + $"{NoDatabase} the database is missing or is not a SupportBot database; {CommandLine.Failed} anything else (said in one line).")
        {
            month, format, db, policy, output,
        };
        command.SetAction(parsed => Run(parsed.GetValue(month), parsed.GetValue(format), parsed.GetValue(db), parsed.GetValue(policy)!,
            parsed.GetValue(output), time.GetCurrentInstant(), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(YearMonth month, ExportFormat format, string? dbPath, string policyPath, FileInfo? outFile, Instant now, TextWriter stdout, TextWriter error)
    {
        if (CliPolicy.Load(policyPath, error) is not { } loaded)
        {
            return CommandLine.Usage;
        }
        var policy = loaded.Policy;
        using var store = CliDatabase.Find(dbPath, error);
        if (store is null)
        {
            return NoDatabase;
        }
        MonthlyReport report;
        try
        {
            using var connection = store.Database.Open();
            if (Schema.Version(connection) is var version && version > Schema.Latest)
            {
                error.WriteLine($"{store.Name} is at schema version {version}, newer than this SupportBot ({Schema.Latest}): use the SupportBot that wrote it.");
                return NoDatabase;
            }
            var period = ReportPeriod.Month(month, policy.DisplayZone);
            report = MonthlyReport.Build(policy, month, ReportCases.OpenedIn(connection, null, period.Start, period.End), now);
        }
        catch (DbException e)
        {
            error.WriteLine($"{store.Name} is not a SupportBot database this command can read: {e.Message}");
            return NoDatabase;
        }
        var text = format.Render(report);
        return CliFiles.PrintOrWrite(text, outFile, stdout, error,
            path => $"Wrote {path}: the {format.Name()} report for {report.MonthName}, {report.Kpis.Total.Cases} cases.");
    }

    private static YearMonth ParseMonth(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (ReportPeriod.TryParseMonth(text, out var month))
        {
            return month;
        }
        result.AddError($"--month '{text}' is not a month: write it as YYYY-MM, e.g. 2026-03.");
        return default;
    }

    private static ExportFormat ParseFormat(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (ExportFormats.TryParse(text, out var format))
        {
            return format;
        }
        result.AddError($"--format '{text}' is not a report format: use {string.Join(", ", ExportFormats.Names)}.");
        return default;
    }
}
