using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SupportBot.Tests.Corpus;

/// <summary>
/// One bad (or hostile but valid) request from the corpus files next to this one: where it goes, what
/// it carries, and what the app must answer. Bodies are literal text, a JSON value, or form fields
/// (an object field is sent as its JSON text); <c>{{…}}</c> placeholders are filled in by
/// <see cref="CorpusRig.Expand"/> when the case is sent.
/// </summary>
public sealed record CorpusCase
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("method")] public string Method { get; init; } = "POST";

    [JsonPropertyName("path")] public required string Path { get; init; }

    /// <summary>Null sends no Content-Type header.</summary>
    [JsonPropertyName("contentType")] public string? ContentType { get; init; }

    [JsonPropertyName("body")] public string? Body { get; init; }

    [JsonPropertyName("json")] public JsonNode? Json { get; init; }

    [JsonPropertyName("form")] public JsonObject? Form { get; init; }

    /// <summary>slack (signed), teams (a valid token), dashboard (the admin token) or none; by default what the path needs.</summary>
    [JsonPropertyName("auth")] public string? Auth { get; init; }

    [JsonPropertyName("status")] public required int Status { get; init; }

    /// <summary>Where the person is told: the response body, a Slack ephemeral message, or a reply through the outbox.</summary>
    [JsonPropertyName("answer")] public string Answer { get; init; } = "body";

    /// <summary>A fragment of what they are told (case-insensitive); null when nothing is said.</summary>
    [JsonPropertyName("says")] public string? Says { get; init; }

    /// <summary>Whether the desk's state may change: only for valid requests.</summary>
    [JsonPropertyName("changes")] public bool Changes { get; init; }

    public override string ToString() => Name;

    private static readonly JsonSerializerOptions Options = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Every case in every <c>Corpus/*.json</c> file copied to the test output, as (file, name).</summary>
    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Files())
        {
            foreach (var c in Load(file))
            {
                data.Add(System.IO.Path.GetFileName(file), c.Name);
            }
        }
        return data;
    }

    public static CorpusCase Find(string file, string name) =>
        Load(System.IO.Path.Combine(Folder, file)).Single(c => c.Name == name);

    public static IReadOnlyList<CorpusCase> Load(string path) =>
        JsonSerializer.Deserialize<List<CorpusCase>>(File.ReadAllText(path), Options)
            ?? throw new InvalidDataException($"{path} holds no cases.");

    private static string Folder => System.IO.Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static IEnumerable<string> Files() =>
        Directory.GetFiles(Folder, "*.json").Where(f => !f.EndsWith("texts.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
}
