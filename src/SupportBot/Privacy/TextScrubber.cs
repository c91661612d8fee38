using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupportBot.Core.Privacy;

namespace SupportBot.Privacy;

/// <summary>
/// Replaces a person's identifying strings (names, emails, account ids, texts they wrote) with the
/// tombstone, in plain text and inside the string values of JSON documents (never in property names,
/// so a document still reads back). Whole words only, longest first, so that "Rita Jones" goes before "Rita"
/// and "rita" does not eat "Margarita".
/// </summary>
public sealed class TextScrubber
{
    /// <summary>Shorter strings are too likely to be part of other words and data.</summary>
    public const int MinLength = 3;

    private readonly Regex? pattern;

    public TextScrubber(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        Strings = [.. secrets.Select(s => s.Trim()).Where(s => s.Length >= MinLength && s != PrivacyRequest.Tombstone)
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(s => s.Length)];
        if (Strings.Count > 0)
        {
            pattern = new Regex(string.Join("|", Strings.Select(Word)), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>The strings replaced, longest first.</summary>
    public IReadOnlyList<string> Strings { get; }

    /// <summary>The value with every string replaced; a JSON object or array has only its string values changed.</summary>
    public string Scrub(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (pattern is null || !pattern.IsMatch(value))
        {
            return value;
        }
        if (value.Length > 1 && value[0] is '{' or '[')
        {
            try
            {
                var node = JsonNode.Parse(value);
                if (node is not null)
                {
                    return Walk(node).ToJsonString();
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: plain text.
            }
        }
        return pattern.Replace(value, PrivacyRequest.Tombstone);
    }

    /// <summary>Scrubs the string values under <paramref name="node"/> in place; a string that is itself a JSON document is scrubbed as one.</summary>
    private JsonNode Walk(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (Scrubbed(o[key]) is { } value)
                    {
                        o[key] = value;
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (Scrubbed(a[i]) is { } value)
                    {
                        a[i] = value;
                    }
                }
                break;
        }
        return node;
    }

    /// <summary>A new value for a string that changes; null when the child stays (after its own children were scrubbed).</summary>
    private JsonValue? Scrubbed(JsonNode? child)
    {
        if (child is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            var scrubbed = Scrub(text);
            return scrubbed == text ? null : JsonValue.Create(scrubbed);
        }
        if (child is not null)
        {
            Walk(child);
        }
        return null;
    }

    private static string Word(string s)
    {
        var escaped = Regex.Escape(s);
        return (char.IsLetterOrDigit(s[0]) ? @"(?<![\p{L}\p{Nd}])" : "") + escaped + (char.IsLetterOrDigit(s[^1]) ? @"(?![\p{L}\p{Nd}])" : "");
    }
}
