using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupportBot.Teams.AppPackage;

/// <summary>
/// A JSON Schema validator for the keywords the Teams manifest schema uses (draft-04 plus the
/// <c>const</c> and <c>if</c>/<c>then</c> it borrows from later drafts), with local <c>$ref</c>s only.
/// No NuGet validator here reads draft-04, which is what the Teams schemas declare. A keyword it does
/// not know is reported as a problem rather than skipped, so a newer schema cannot pass by accident.
/// </summary>
public sealed class JsonSchema
{
    /// <summary>Words that only describe; <c>format</c> is among them because the schema uses it once, on <c>$schema</c>.</summary>
    private static readonly HashSet<string> Annotations =
        ["$schema", "id", "$id", "title", "description", "default", "examples", "definitions", "format", "deprecated"];

    private readonly JsonElement root;

    public JsonSchema(JsonElement root) => this.root = root;

    public static JsonSchema Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new JsonSchema(document.RootElement.Clone());
    }

    /// <summary>Every way <paramref name="instance"/> breaks the schema, each as "/json/pointer: what is wrong".</summary>
    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        var problems = new List<string>();
        Check(root, instance, "", problems);
        return problems;
    }

    private void Check(JsonElement schema, JsonElement value, string at, List<string> problems)
    {
        if (schema.ValueKind == JsonValueKind.False)
        {
            problems.Add($"{Where(at)}: not allowed");
            return;
        }
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var keyword in schema.EnumerateObject())
        {
            var rule = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Check(Resolve(rule.GetString()!), value, at, problems);
                    break;
                case "type":
                    var types = rule.ValueKind == JsonValueKind.Array ? rule.EnumerateArray().Select(t => t.GetString()!).ToList() : [rule.GetString()!];
                    if (!types.Any(t => IsType(value, t)))
                    {
                        problems.Add($"{Where(at)}: should be {string.Join(" or ", types)}, not {Kind(value)}");
                    }
                    break;
                case "enum":
                    if (!rule.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
                    {
                        problems.Add($"{Where(at)}: {value.GetRawText()} is not one of {rule.GetRawText()}");
                    }
                    break;
                case "const":
                    if (!JsonElement.DeepEquals(rule, value))
                    {
                        problems.Add($"{Where(at)}: should be {rule.GetRawText()}, not {value.GetRawText()}");
                    }
                    break;
                case "properties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in value.EnumerateObject())
                        {
                            if (rule.TryGetProperty(property.Name, out var sub))
                            {
                                Check(sub, property.Value, $"{at}/{property.Name}", problems);
                            }
                        }
                    }
                    break;
                case "additionalProperties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        var known = schema.TryGetProperty("properties", out var p) ? p : default;
                        foreach (var property in value.EnumerateObject())
                        {
                            if (known.ValueKind == JsonValueKind.Object && known.TryGetProperty(property.Name, out _))
                            {
                                continue;
                            }
                            if (rule.ValueKind == JsonValueKind.False)
                            {
                                problems.Add($"{Where(at)}: property '{property.Name}' is not allowed");
                            }
                            else
                            {
                                Check(rule, property.Value, $"{at}/{property.Name}", problems);
                            }
                        }
                    }
                    break;
                case "required":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var name in rule.EnumerateArray().Select(n => n.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                        {
                            problems.Add($"{Where(at)}: '{name}' is required");
                        }
                    }
                    break;
                case "minProperties":
                    if (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Count() < rule.GetInt32())
                    {
                        problems.Add($"{Where(at)}: needs at least {rule.GetInt32()} properties");
                    }
                    break;
                case "dependencies":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var dependency in rule.EnumerateObject().Where(d => value.TryGetProperty(d.Name, out _)))
                        {
                            if (dependency.Value.ValueKind == JsonValueKind.Array)
                            {
                                foreach (var name in dependency.Value.EnumerateArray().Select(n => n.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                                {
                                    problems.Add($"{Where(at)}: '{name}' is required with '{dependency.Name}'");
                                }
                            }
                            else
                            {
                                Check(dependency.Value, value, at, problems);
                            }
                        }
                    }
                    break;
                case "items":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        var index = 0;
                        foreach (var item in value.EnumerateArray())
                        {
                            var itemSchema = rule.ValueKind == JsonValueKind.Array
                                ? (index < rule.GetArrayLength() ? rule[index] : default)
                                : rule;
                            Check(itemSchema, item, $"{at}/{index}", problems);
                            index++;
                        }
                    }
                    break;
                case "minItems":
                    if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() < rule.GetInt32())
                    {
                        problems.Add($"{Where(at)}: needs at least {rule.GetInt32()} items");
                    }
                    break;
                case "maxItems":
                    if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > rule.GetInt32())
                    {
                        problems.Add($"{Where(at)}: has {value.GetArrayLength()} items, at most {rule.GetInt32()} allowed");
                    }
                    break;
                case "uniqueItems":
                    if (value.ValueKind == JsonValueKind.Array && rule.GetBoolean())
                    {
                        var items = value.EnumerateArray().ToList();
                        if (items.Where((item, i) => items.Skip(i + 1).Any(other => JsonElement.DeepEquals(item, other))).Any())
                        {
                            problems.Add($"{Where(at)}: items should be unique");
                        }
                    }
                    break;
                case "minLength":
                    if (value.ValueKind == JsonValueKind.String && Length(value) < rule.GetInt32())
                    {
                        problems.Add($"{Where(at)}: should be at least {rule.GetInt32()} characters");
                    }
                    break;
                case "maxLength":
                    if (value.ValueKind == JsonValueKind.String && Length(value) > rule.GetInt32())
                    {
                        problems.Add($"{Where(at)}: is {Length(value)} characters, at most {rule.GetInt32()} allowed");
                    }
                    break;
                case "pattern":
                    if (value.ValueKind == JsonValueKind.String
                        && !Regex.IsMatch(value.GetString()!, rule.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                    {
                        problems.Add($"{Where(at)}: {value.GetRawText()} does not match {rule.GetString()}");
                    }
                    break;
                case "minimum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDecimal() < rule.GetDecimal())
                    {
                        problems.Add($"{Where(at)}: should be at least {rule.GetDecimal().ToString(CultureInfo.InvariantCulture)}");
                    }
                    break;
                case "maximum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDecimal() > rule.GetDecimal())
                    {
                        problems.Add($"{Where(at)}: should be at most {rule.GetDecimal().ToString(CultureInfo.InvariantCulture)}");
                    }
                    break;
                case "anyOf":
                    if (!rule.EnumerateArray().Any(option => Passes(option, value)))
                    {
                        problems.Add($"{Where(at)}: matches none of the allowed shapes (anyOf)");
                    }
                    break;
                case "oneOf":
                    var matches = rule.EnumerateArray().Count(option => Passes(option, value));
                    if (matches != 1)
                    {
                        problems.Add($"{Where(at)}: matches {matches} of the shapes where exactly one is allowed (oneOf)");
                    }
                    break;
                case "not":
                    if (Passes(rule, value))
                    {
                        problems.Add($"{Where(at)}: matches a shape that is not allowed (not)");
                    }
                    break;
                case "if":
                    var branch = Passes(rule, value) ? "then" : "else";
                    if (schema.TryGetProperty(branch, out var next))
                    {
                        Check(next, value, at, problems);
                    }
                    break;
                case "then" or "else":
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        problems.Add($"{Where(at)}: the schema uses '{keyword.Name}', which this validator does not check");
                    }
                    break;
            }
        }
    }

    private bool Passes(JsonElement schema, JsonElement value)
    {
        var problems = new List<string>();
        Check(schema, value, "", problems);
        return problems.Count == 0;
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            throw new InvalidOperationException($"Only references inside the schema are supported, not '{reference}'.");
        }
        var node = root;
        foreach (var part in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(part).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node.ValueKind == JsonValueKind.Array ? node[int.Parse(name, CultureInfo.InvariantCulture)] : node.GetProperty(name);
        }
        return node;
    }

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.GetDecimal() == decimal.Truncate(value.GetDecimal()),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new InvalidOperationException($"Unknown JSON Schema type '{type}'."),
    };

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    /// <summary>JSON Schema counts code points, not UTF-16 units.</summary>
    private static int Length(JsonElement value) => value.GetString()!.EnumerateRunes().Count();

    private static string Where(string at) => at.Length == 0 ? "/" : at;
}
