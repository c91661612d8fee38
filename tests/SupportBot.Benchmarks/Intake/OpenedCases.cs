using System.Text.RegularExpressions;
using Dapper;

namespace SupportBot.Benchmarks.Intake;

/// <summary>
/// Checks a storm's acks against the database the app wrote: every ack names a case, no two the
/// same, each opened for the reporter who sent that request, and the database holds exactly as many
/// cases as were acknowledged so far. Throws with what is wrong otherwise.
/// </summary>
public static partial class OpenedCases
{
    public static void Verify(BenchDatabase database, string who, IReadOnlyList<string> reporterKeys, IReadOnlyList<Answer> answers, int expectedTotal)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(reporterKeys);
        ArgumentNullException.ThrowIfNull(answers);
        var numbers = answers.Select(a => Number().Match(a.Text) is { Success: true } m ? m.Value : null).ToList();
        if (numbers.IndexOf(null) is var missing and >= 0)
        {
            throw new InvalidOperationException($"{who}: the ack for {reporterKeys[missing]} names no case: {answers[missing].Text[..Math.Min(answers[missing].Text.Length, 300)]}");
        }
        if (numbers.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"{who}: {twice.Count()} acks name the same case {twice.Key}.");
        }
        using var connection = database.Open().Open();
        var reporters = connection.Query<(string Number, string Reporter)>("SELECT number, reporter_key FROM cases")
            .ToDictionary(c => c.Number, c => c.Reporter, StringComparer.Ordinal);
        if (reporters.Count != expectedTotal)
        {
            throw new InvalidOperationException($"{who}: the database holds {reporters.Count} cases, {expectedTotal} were acknowledged.");
        }
        for (var i = 0; i < numbers.Count; i++)
        {
            if (reporters.GetValueOrDefault(numbers[i]!) != reporterKeys[i])
            {
                throw new InvalidOperationException(
                    $"{who}: the ack to {reporterKeys[i]} names {numbers[i]}, which the database has as {reporters.GetValueOrDefault(numbers[i]!) ?? "missing"}.");
            }
        }
    }

    [GeneratedRegex(IntakePolicy.Prefix + @"-\d{6}")]
    private static partial Regex Number();
}
