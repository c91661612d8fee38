using System.Globalization;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary>
/// Typed getters over YamlDotNet's representation model. Every getter records a problem with the
/// node's line and the field path and returns null instead of throwing, so that one pass over a
/// policy reports all of its mistakes.
/// </summary>
internal sealed class YamlReader(string file)
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private readonly List<PolicyError> errors = [];

    public string File => file;

    public IReadOnlyList<PolicyError> Errors => errors;

    /// <summary>Where sections record the ids they declare and use, checked once everything is read.</summary>
    public PolicyReferences References { get; } = new();

    public static int Line(YamlNode node) => checked((int)node.Start.Line);

    public void Error(YamlNode node, string field, string message) =>
        errors.Add(new PolicyError(file, Line(node), field, message));

    public void Error(int line, string field, string message) =>
        errors.Add(new PolicyError(file, line, field, message));

    /// <summary>An empty value (<c>key:</c>, <c>~</c>, <c>null</c>) counts as absent.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => $"\"{((YamlScalarNode)node).Value}\"",
    };

    /// <summary>Opens a mapping and reports each key that is not in <paramref name="allowed"/>.</summary>
    public YamlMap? Map(YamlNode node, string field, params string[] allowed)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, field, $"expected a mapping with keys {string.Join(", ", allowed)}, got {Describe(node)}");
            return null;
        }
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null)
            {
                Error(key, field, "keys must be plain names");
            }
            else if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                Error(key, Join(field, name), $"unknown key{YamlMap.Suggest(name, allowed)} (allowed: {string.Join(", ", allowed)})");
            }
        }
        return new YamlMap(this, mapping, field);
    }

    /// <summary>The elements of a list with their paths (<c>severities[2]</c>).</summary>
    public IReadOnlyList<(YamlNode Node, string Field)> List(YamlNode node, string field)
    {
        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children.Select((n, i) => (n, $"{field}[{i}]"))];
        }
        Error(node, field, $"expected a list, got {Describe(node)}");
        return [];
    }

    public string? Text(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }
        Error(node, field, $"expected a value, got {Describe(node)}");
        return null;
    }

    /// <summary>A list of values; a single value is accepted as a list of one where <paramref name="single"/>.</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> TextList(YamlNode node, string field, bool single = false)
    {
        if (single && node is YamlScalarNode)
        {
            return Text(node, field) is { } one ? [(one, node)] : [];
        }
        var values = new List<(string, YamlNode)>();
        foreach (var (item, path) in List(node, field))
        {
            if (Text(item, path) is { } value)
            {
                values.Add((value, item));
            }
        }
        return values;
    }

    public bool? Bool(YamlNode node, string field)
    {
        var text = Text(node, field);
        if (text is null)
        {
            return null;
        }
        if (bool.TryParse(text, out var value))
        {
            return value;
        }
        Error(node, field, $"\"{text}\" is not true or false");
        return null;
    }

    public int? Int(YamlNode node, string field)
    {
        var text = Text(node, field);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Error(node, field, $"\"{text}\" is not a whole number");
        return null;
    }

    public double? Number(YamlNode node, string field)
    {
        var text = Text(node, field);
        if (text is null)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        Error(node, field, $"\"{text}\" is not a number");
        return null;
    }

    public DateTimeZone? Zone(YamlNode node, string field)
    {
        var text = Text(node, field);
        if (text is null)
        {
            return null;
        }
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(text) is { } zone)
        {
            return zone;
        }
        Error(node, field, $"\"{text}\" is not a time zone (use an IANA id such as Etc/UTC, Europe/London or America/New_York)");
        return null;
    }

    public LocalDate? Date(YamlNode node, string field)
    {
        var text = Text(node, field);
        if (text is null)
        {
            return null;
        }
        var result = DatePattern.Parse(text);
        if (result.Success)
        {
            return result.Value;
        }
        Error(node, field, $"\"{text}\" is not a date (use YYYY-MM-DD, e.g. 2026-12-25)");
        return null;
    }

    public LocalTime? Time(YamlNode node, string field)
    {
        var text = Text(node, field);
        if (text is null)
        {
            return null;
        }
        var result = TimePattern.Parse(text);
        if (result.Success)
        {
            return result.Value;
        }
        Error(node, field, $"\"{text}\" is not a time (use HH:mm, e.g. 09:00)");
        return null;
    }

    public static string Join(string field, string key) => field.Length == 0 ? key : $"{field}.{key}";
}
