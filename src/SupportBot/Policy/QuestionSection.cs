using SupportBot.Core.Intake;
using SupportBot.Core.Policy;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary><c>questions:</c> the intake form, in the order it is asked.</summary>
internal static class QuestionSection
{
    /// <summary>A yes-no question's answers are always these values, so rules can test them.</summary>
    public static readonly IReadOnlyList<QuestionOption> YesNo = [new("yes", "Yes"), new("no", "No")];

    private static readonly string[] Keys = ["id", "text", "kind", "options", "required", "shown_when", "help", "max_length"];

    private static readonly Dictionary<string, QuestionKind> Kinds = new(StringComparer.Ordinal)
    {
        ["choice"] = QuestionKind.Choice,
        ["yes-no"] = QuestionKind.YesNo,
        ["text"] = QuestionKind.Text,
        ["multiline"] = QuestionKind.Multiline,
        ["number"] = QuestionKind.Number,
        ["email"] = QuestionKind.Email,
        ["phone"] = QuestionKind.Phone,
        ["date"] = QuestionKind.Date,
    };

    public static string KindName(QuestionKind kind) => Kinds.First(k => k.Value == kind).Key;

    public static List<IntakeQuestion> Read(YamlReader reader, YamlNode node, string field)
    {
        var questions = new List<IntakeQuestion>();
        var items = reader.List(node, field);
        if (items.Count == 0 && node is YamlSequenceNode)
        {
            reader.Error(node, field, "needs at least one question");
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (Question(reader, items[i].Node, items[i].Field, i) is { } question)
            {
                questions.Add(question);
            }
        }
        return questions;
    }

    private static IntakeQuestion? Question(YamlReader reader, YamlNode node, string field, int index)
    {
        var map = reader.Map(node, field, Keys);
        if (map is null)
        {
            return null;
        }
        var id = map.Text("id", required: true);
        var text = map.Text("text", required: true);
        var kind = Kind(map);
        var listed = Options(map, kind);
        var options = kind == QuestionKind.YesNo ? YesNo : listed;
        if (id is not null && !reader.References.DeclareQuestion(id, index, kind, [.. options.Select(o => o.Value)]))
        {
            reader.Error(map.Optional("id")!, map.Path("id"), $"duplicate question id \"{id}\"");
        }
        var required = map.Bool("required", false);
        var shownWhen = map.Get("shown_when", false) is { } when
            ? ConditionSection.Read(reader, when, map.Path("shown_when"), index)
            : AnswerCondition.Always;
        var help = map.Text("help");
        var maxLength = map.Int("max_length") ?? (kind == QuestionKind.Multiline ? 4000 : 200);
        if (maxLength < 1)
        {
            reader.Error(map.Optional("max_length")!, map.Path("max_length"), "must be at least 1");
        }
        if (id is null || text is null || kind is null || shownWhen is null)
        {
            return null;
        }
        return new IntakeQuestion(id, text, kind.Value, options, required, shownWhen, help, maxLength);
    }

    private static QuestionKind? Kind(YamlMap map)
    {
        var text = map.Text("kind", required: true);
        if (text is null)
        {
            return null;
        }
        if (Kinds.TryGetValue(text, out var kind))
        {
            return kind;
        }
        map.Reader.Error(map.Optional("kind")!, map.Path("kind"), $"\"{text}\" is not a question kind (kinds: {string.Join(" | ", Kinds.Keys)})");
        return null;
    }

    private static List<QuestionOption> Options(YamlMap map, QuestionKind? kind)
    {
        var reader = map.Reader;
        var options = new List<QuestionOption>();
        var node = map.Get("options", required: kind == QuestionKind.Choice);
        if (node is null)
        {
            return options;
        }
        if (kind is not null and not QuestionKind.Choice)
        {
            var why = kind == QuestionKind.YesNo ? "; a yes-no question's answers are always yes and no" : "";
            reader.Error(node, map.Path("options"), $"only choice questions have options{why}");
            return options;
        }
        foreach (var (item, path) in reader.List(node, map.Path("options")))
        {
            // A plain string is both the value and the title: [billing, other].
            var option = item is YamlScalarNode
                ? (reader.Text(item, path) is { } v ? new QuestionOption(v, v) : null)
                : Option(reader, item, path);
            if (option is null)
            {
                continue;
            }
            if (options.Any(o => string.Equals(o.Value, option.Value, StringComparison.OrdinalIgnoreCase)))
            {
                reader.Error(item, path, $"duplicate option value \"{option.Value}\"");
                continue;
            }
            options.Add(option);
        }
        if (options.Count == 0 && node is YamlSequenceNode)
        {
            reader.Error(node, map.Path("options"), "a choice question needs at least one option");
        }
        return options;
    }

    private static QuestionOption? Option(YamlReader reader, YamlNode node, string field)
    {
        var map = reader.Map(node, field, "value", "title");
        var value = map?.Text("value", required: true);
        return value is null ? null : new QuestionOption(value, map!.Text("title") ?? value);
    }
}
