using System.Globalization;
using System.Text.RegularExpressions;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Intake;

/// <summary>Pure intake rules: which questions show, merging submitted answers, and validation with exact messages.</summary>
public static partial class IntakeFlow
{
    /// <summary>Questions shown for these answers, in policy order (a question shows when its shown-when matches).</summary>
    public static IReadOnlyList<IntakeQuestion> Visible(SupportPolicy policy, IReadOnlyDictionary<string, string> answers) =>
        policy.Questions.Where(q => q.ShownWhen.Matches(answers)).ToList();

    /// <summary>
    /// Applies submitted values for the questions that were on the card, then drops answers to
    /// questions that no longer show (changing the category must not keep stale details).
    /// </summary>
    public static Dictionary<string, string> Merge(
        SupportPolicy policy, IReadOnlyDictionary<string, string> answers, IReadOnlyDictionary<string, string> submitted, IEnumerable<string> presented)
    {
        var merged = new Dictionary<string, string>(answers, StringComparer.Ordinal);
        foreach (var id in presented)
        {
            if (policy.Questions.All(q => q.Id != id))
            {
                continue;
            }
            if (submitted.TryGetValue(id, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                merged[id] = value.Trim();
            }
            else
            {
                merged.Remove(id);
            }
        }
        var visible = Visible(policy, merged).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in merged.Keys.Where(k => !visible.Contains(k)).ToList())
        {
            merged.Remove(id);
        }
        return merged;
    }

    /// <summary>Errors keyed by question id, for the questions given.</summary>
    public static Dictionary<string, string> Validate(IEnumerable<IntakeQuestion> questions, IReadOnlyDictionary<string, string> answers)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var q in questions)
        {
            answers.TryGetValue(q.Id, out var value);
            var error = Check(q, value);
            if (error is not null)
            {
                errors[q.Id] = error;
            }
        }
        return errors;
    }

    public static string? Check(IntakeQuestion q, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return q.Required ? $"{Label(q)} is required." : null;
        }
        if (value.Length > q.MaxLength)
        {
            return $"{Label(q)} must be at most {q.MaxLength} characters (it has {value.Length}).";
        }
        return q.Kind switch
        {
            QuestionKind.Choice when q.Options.All(o => o.Value != value) =>
                $"{Label(q)}: choose one of {string.Join(", ", q.Options.Select(o => o.Title))}.",
            QuestionKind.YesNo when value is not ("yes" or "no") => $"{Label(q)}: answer yes or no.",
            QuestionKind.Number when !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
                $"{Label(q)} must be a whole number, like 25.",
            QuestionKind.Email when !EmailPattern().IsMatch(value) => $"{Label(q)} must be an email address, like name@example.com.",
            QuestionKind.Phone when !PhonePattern().IsMatch(value) =>
                $"{Label(q)} must be a phone number: digits, spaces, dashes or brackets, with an optional leading +, like +1 555 0100.",
            QuestionKind.Date when !DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) =>
                $"{Label(q)} must be a date written YYYY-MM-DD, like 2026-03-31.",
            _ => null,
        };
    }

    /// <summary>The question text without a trailing question mark, for messages.</summary>
    public static string Label(IntakeQuestion q) => q.Text.TrimEnd('?', ' ', ':');

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9][0-9 ()\-.]{5,30}$")]
    private static partial Regex PhonePattern();
}
