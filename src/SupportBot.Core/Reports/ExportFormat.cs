namespace SupportBot.Core.Reports;

/// <summary>The forms a report is exported in, by their command-line and URL names: text, csv, json.</summary>
public enum ExportFormat { Text, Csv, Json }

public static class ExportFormats
{
    private static readonly (ExportFormat Format, string Name)[] Table =
    [
        (ExportFormat.Text, "text"),
        (ExportFormat.Csv, "csv"),
        (ExportFormat.Json, "json"),
    ];

    public static IEnumerable<string> Names => Table.Select(t => t.Name);

    public static string Name(this ExportFormat f) => Table.First(t => t.Format == f).Name;

    public static bool TryParse(string? name, out ExportFormat format)
    {
        foreach (var (f, n) in Table)
        {
            if (string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                format = f;
                return true;
            }
        }
        format = default;
        return false;
    }

    public static string ContentType(this ExportFormat f) => f switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Json => "application/json; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };

    /// <summary>"supportbot-sla-2026-03.csv".</summary>
    public static string FileName(this ExportFormat f, MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"supportbot-sla-{report.MonthId}.{(f == ExportFormat.Text ? "txt" : f.Name())}";
    }

    /// <summary>The report in this form.</summary>
    public static string Render(this ExportFormat f, MonthlyReport report) => f switch
    {
        ExportFormat.Csv => ReportExport.Csv(report),
        ExportFormat.Json => ReportExport.Json(report),
        _ => ReportText.Write(report),
    };
}
