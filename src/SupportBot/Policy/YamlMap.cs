using NodaTime;
using SupportBot.Core.Sla;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary>
/// A mapping being read: looks keys up and reads their values through the <see cref="YamlReader"/>,
/// reporting a missing required key at the mapping's own line.
/// </summary>
internal sealed class YamlMap(YamlReader reader, YamlMappingNode node, string path)
{
    public YamlMappingNode Node => node;

    public string Field => path;

    public YamlReader Reader => reader;

    public string Path(string key) => YamlReader.Join(path, key);

    public bool Has(string key) => Optional(key) is not null;

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or empty.</summary>
    public YamlNode? Optional(string key)
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return YamlReader.IsNull(v) ? null : v;
            }
        }
        return null;
    }

    public YamlNode? Get(string key, bool required)
    {
        var value = Optional(key);
        if (value is null && required)
        {
            var keyNode = node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: { } name } && name == key);
            reader.Error(keyNode ?? node, Path(key), keyNode is null ? "is required" : "is required and may not be empty");
        }
        return value;
    }

    public string? Text(string key, bool required = false) =>
        Get(key, required) is { } v ? reader.Text(v, Path(key)) : null;

    public bool Bool(string key, bool fallback) =>
        Get(key, false) is { } v ? reader.Bool(v, Path(key)) ?? fallback : fallback;

    public int? Int(string key, bool required = false) =>
        Get(key, required) is { } v ? reader.Int(v, Path(key)) : null;

    public double? Number(string key, bool required = false) =>
        Get(key, required) is { } v ? reader.Number(v, Path(key)) : null;

    public DateTimeZone? Zone(string key, bool required = false) =>
        Get(key, required) is { } v ? reader.Zone(v, Path(key)) : null;

    public LocalDate? Date(string key, bool required = false) =>
        Get(key, required) is { } v ? reader.Date(v, Path(key)) : null;

    public LocalTime? Time(string key, bool required = false) =>
        Get(key, required) is { } v ? reader.Time(v, Path(key)) : null;

    public SlaTarget? Target(string key, bool required = false) =>
        Get(key, required) is { } v ? TargetText.Read(reader, v, Path(key)) : null;

    /// <summary>A plain duration (no calendar), with <paramref name="fallback"/> when absent.</summary>
    public Duration? Duration(string key, Duration? fallback = null, bool required = false, bool allowZero = false) =>
        Get(key, required) is { } v ? TargetText.ReadDuration(reader, v, Path(key), allowZero) : fallback;

    public YamlMap? Map(string key, bool required, params string[] allowed) =>
        Get(key, required) is { } v ? reader.Map(v, Path(key), allowed) : null;

    public IReadOnlyList<(YamlNode Node, string Field)> List(string key, bool required = false) =>
        Get(key, required) is { } v ? reader.List(v, Path(key)) : [];

    /// <summary>Reads and declares an id, reporting a duplicate.</summary>
    public string? Id(RefKind kind, string key = "id")
    {
        var id = Text(key, required: true);
        if (id is not null && !reader.References.Declare(kind, id))
        {
            reader.Error(Optional(key)!, Path(key), $"duplicate {PolicyReferences.Name(kind)} id \"{id}\"");
        }
        return id;
    }

    /// <summary>Reads an id that must be declared somewhere in the policy; checked after parsing.</summary>
    public string? Ref(RefKind kind, string key, bool required = false)
    {
        var id = Text(key, required);
        if (id is not null)
        {
            reader.References.Use(kind, id, Optional(key)!, Path(key));
        }
        return id;
    }

    /// <summary>Names the closest allowed key, since most unknown keys are typos.</summary>
    public static string Suggest(string name, IReadOnlyList<string> allowed)
    {
        var best = allowed.MinBy(a => Distance(name, a));
        return best is not null && Distance(name, best) <= Math.Max(1, name.Length / 3) ? $" (did you mean \"{best}\"?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
