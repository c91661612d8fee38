using SupportBot.Core.Intake;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

internal enum RefKind { Severity, Calendar, Question, Role, Person, Rota }

/// <summary>
/// Cross-references, checked after every section is read: sections declare ids and record each use
/// with its node. Declared ids are kept even when the rest of their item was broken, so one mistake
/// is reported once rather than again at every place that refers to it.
/// </summary>
internal sealed class PolicyReferences
{
    private readonly Dictionary<RefKind, List<string>> declared = [];
    private readonly List<(RefKind Kind, string Id, YamlNode Node, string Field)> uses = [];
    private readonly Dictionary<string, QuestionInfo> questions = [];
    private readonly List<ConditionUse> conditions = [];
    private readonly HashSet<string> peopleWithHours = [];
    private readonly List<(string Person, YamlNode Node, string Field)> followTheSun = [];

    /// <summary>Declares an id; false when it was declared before (a duplicate).</summary>
    public bool Declare(RefKind kind, string id)
    {
        var ids = Ids(kind);
        if (ids.Contains(id))
        {
            return false;
        }
        ids.Add(id);
        return true;
    }

    /// <summary>A question, with what its answers can be (null kind: the kind itself was invalid).</summary>
    public bool DeclareQuestion(string id, int index, QuestionKind? kind, IReadOnlyList<string> options)
    {
        if (!Declare(RefKind.Question, id))
        {
            return false;
        }
        questions[id] = new QuestionInfo(index, kind, options);
        return true;
    }

    public void DeclareWorkingHours(string personId) => peopleWithHours.Add(personId);

    public void Use(RefKind kind, string id, YamlNode node, string field) => uses.Add((kind, id, node, field));

    /// <param name="askedAt">Index of the question whose shown_when this is; null for severity rules.</param>
    public void UseCondition(string questionId, YamlNode keyNode, IReadOnlyList<(string Value, YamlNode Node)> values, string field, int? askedAt) =>
        conditions.Add(new ConditionUse(questionId, keyNode, values, field, askedAt));

    public void UseFollowTheSunMember(string personId, YamlNode node, string field) => followTheSun.Add((personId, node, field));

    public void Check(YamlReader reader)
    {
        foreach (var (kind, id, node, field) in uses)
        {
            if (!Ids(kind).Contains(id))
            {
                reader.Error(node, field, $"unknown {Name(kind)} \"{id}\" ({Known(kind)})");
            }
        }
        foreach (var use in conditions)
        {
            CheckCondition(reader, use);
        }
        foreach (var (person, node, field) in followTheSun)
        {
            if (Ids(RefKind.Person).Contains(person) && !peopleWithHours.Contains(person))
            {
                reader.Error(node, field, $"\"{person}\" has no working hours, which follow-the-sun needs to know when they are on duty");
            }
        }
    }

    /// <summary>Options of a choice or yes-no question, or null when it is unknown or of another kind.</summary>
    public IReadOnlyList<string>? OptionsOf(string questionId) =>
        questions.TryGetValue(questionId, out var q) && q.Kind is QuestionKind.Choice or QuestionKind.YesNo ? q.Options : null;

    public bool IsQuestion(string questionId, QuestionKind kind) =>
        questions.TryGetValue(questionId, out var q) && q.Kind == kind;

    private void CheckCondition(YamlReader reader, ConditionUse use)
    {
        if (!questions.TryGetValue(use.QuestionId, out var question))
        {
            reader.Error(use.KeyNode, use.Field, $"unknown question \"{use.QuestionId}\" ({Known(RefKind.Question)})");
            return;
        }
        if (use.AskedAt is { } askedAt && question.Index >= askedAt)
        {
            var which = question.Index == askedAt ? "itself" : "a later question";
            reader.Error(use.KeyNode, use.Field, $"shown_when refers to {which}; it may only test answers to earlier questions");
            return;
        }
        if (question.Kind is null)
        {
            return;
        }
        if (question.Kind is not (QuestionKind.Choice or QuestionKind.YesNo))
        {
            reader.Error(use.KeyNode, use.Field,
                $"\"{use.QuestionId}\" is a {QuestionSection.KindName(question.Kind.Value)} question; conditions can only test choice and yes-no questions");
            return;
        }
        foreach (var (value, node) in use.Values)
        {
            if (!question.Options.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                reader.Error(node, use.Field, $"\"{value}\" is not an answer to \"{use.QuestionId}\" (answers: {string.Join(", ", question.Options)})");
            }
        }
    }

    private List<string> Ids(RefKind kind)
    {
        if (!declared.TryGetValue(kind, out var ids))
        {
            declared[kind] = ids = [];
        }
        return ids;
    }

    private string Known(RefKind kind) =>
        Ids(kind) is { Count: > 0 } ids ? $"{Plural(kind)}: {string.Join(", ", ids)}" : $"no {Plural(kind)} are defined";

    public static string Name(RefKind kind) => kind.ToString().ToLowerInvariant();

    private static string Plural(RefKind kind) => kind switch
    {
        RefKind.Person => "people",
        RefKind.Severity => "severities",
        _ => Name(kind) + "s",
    };

    private sealed record QuestionInfo(int Index, QuestionKind? Kind, IReadOnlyList<string> Options);

    private sealed record ConditionUse(string QuestionId, YamlNode KeyNode, IReadOnlyList<(string Value, YamlNode Node)> Values, string Field, int? AskedAt);
}
