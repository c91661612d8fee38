using System.Text.RegularExpressions;
using NodaTime;
using SupportBot.Core.Policy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary>
/// Reads a policy YAML file (format: docs/policy-format.md) into a <see cref="SupportPolicy"/>.
/// Uses the representation model rather than deserialisation so that every error carries the line
/// of the offending node, and reads on past mistakes so that one run reports all of them.
/// </summary>
public static partial class PolicyLoader
{
    private static readonly string[] TopLevelKeys =
    [
        "policy", "title", "case_prefix", "display_zone", "calendars", "severities", "questions", "severity_rules",
        "default_severity", "deflection", "escalation", "contacts", "reminders", "reports", "retention",
    ];

    public static PolicyLoadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new PolicyLoadResult(null, [new PolicyError(path, 0, "", $"cannot read the policy file: {e.Message}")]);
        }
        return Parse(text, path);
    }

    public static PolicyLoadResult Parse(string yamlText, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(fileName);
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yamlText));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            // One syntax error hides whatever follows it, so it is reported alone.
            return SyntaxError(fileName, e.Start.Line, e.Message.TrimEnd('.'));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet gives some malformed input (a key with no name, a broken plain scalar) these
            // instead of a YamlException; the last event it read is where the trouble starts.
            return SyntaxError(fileName, parser.Current?.Start.Line ?? 1, "a key, value or indent is out of place near here");
        }
        var reader = new YamlReader(fileName);
        if (stream.Documents.Count != 1)
        {
            reader.Error(1, "", stream.Documents.Count == 0 ? "the file is empty" : "expected one YAML document, found several");
            return Result(reader, null);
        }
        var map = reader.Map(stream.Documents[0].RootNode, "", TopLevelKeys);
        return Result(reader, map is null ? null : Read(reader, map));
    }

    private static PolicyLoadResult SyntaxError(string fileName, long line, string message) =>
        new(null, [new PolicyError(fileName, checked((int)Math.Max(1, line)), "", $"YAML syntax error: {message}")]);

    private static SupportPolicy? Read(YamlReader reader, YamlMap map)
    {
        var id = map.Text("policy", required: true);
        var title = map.Text("title", required: true);
        var prefix = map.Text("case_prefix", required: true);
        if (prefix is not null && !CasePrefixRegex().IsMatch(prefix))
        {
            reader.Error(map.Optional("case_prefix")!, map.Path("case_prefix"), $"\"{prefix}\" must be 2 to 6 capital letters, e.g. SUP (case numbers look like SUP-000042)");
        }
        var displayZone = map.Zone("display_zone") ?? DateTimeZone.Utc;
        var calendars = map.Get("calendars", required: true) is { } c ? CalendarSection.Read(reader, c, "calendars") : [];
        var severities = map.Get("severities", required: true) is { } s ? SeveritySection.Read(reader, s, "severities") : [];
        var questions = map.Get("questions", required: true) is { } q ? QuestionSection.Read(reader, q, "questions") : [];
        var rules = map.Get("severity_rules", false) is { } r ? RuleSection.ReadRules(reader, r, "severity_rules") : [];
        var defaultRule = map.Get("default_severity", required: true) is { } d ? RuleSection.ReadDefault(reader, d, "default_severity") : null;
        var deflections = map.Get("deflection", false) is { } f ? DeflectionSection.Read(reader, f, "deflection") : [];
        var ladders = map.Get("escalation", false) is { } e ? EscalationSection.Read(reader, e, "escalation", severities) : [];
        var contacts = map.Get("contacts", false) is { } p ? ContactsSection.Read(reader, p, "contacts") : Core.OnCall.Contacts.Empty;
        var reminders = map.Get("reminders", false) is { } m ? SettingsSection.Reminders(reader, m, "reminders") : SettingsSection.DefaultReminders;
        var reports = map.Get("reports", false) is { } t ? SettingsSection.Reports(reader, t, "reports") : SettingsSection.DefaultReports;
        var retention = map.Get("retention", false) is { } k ? SettingsSection.Retention(reader, k, "retention") : SettingsSection.DefaultRetention;
        reader.References.Check(reader);
        if (reader.Errors.Count > 0 || id is null || title is null || prefix is null || defaultRule is null)
        {
            return null;
        }
        return new SupportPolicy
        {
            Name = id,
            Title = title,
            CasePrefix = prefix,
            DisplayZone = displayZone,
            Calendars = calendars,
            Severities = severities,
            Questions = questions,
            SeverityRules = rules,
            DefaultRule = defaultRule,
            Deflections = deflections,
            Ladders = ladders,
            People = contacts,
            Reminders = reminders,
            Reports = reports,
            Retention = retention,
        };
    }

    private static PolicyLoadResult Result(YamlReader reader, SupportPolicy? policy)
    {
        // Sorted by line so the list reads top to bottom like the file; OrderBy is stable.
        var errors = reader.Errors.OrderBy(e => e.Line).ToList();
        return new PolicyLoadResult(errors.Count == 0 ? policy : null, errors);
    }

    [GeneratedRegex("^[A-Z]{2,6}$")]
    private static partial Regex CasePrefixRegex();
}
