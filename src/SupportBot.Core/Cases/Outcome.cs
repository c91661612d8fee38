using NodaTime;

namespace SupportBot.Core.Cases;

/// <summary>Resolution outcomes from the support charter (DESIGN §3).</summary>
public enum OutcomeKind { Fixed, NotPossible, FeatureRequestRoadmap, FeatureRequestAccountManager, BugRaised }

/// <param name="Detail">Why it is not possible, or the bug tracker reference.</param>
/// <param name="FixDate">Expected fix date of a raised bug (no later than its patch's due day where the severity promises one).</param>
public sealed record Outcome(OutcomeKind Kind, string Summary, string? Detail, LocalDate? FixDate);

public static class OutcomeKinds
{
    private static readonly (OutcomeKind Kind, string Id, string Title)[] Table =
    [
        (OutcomeKind.Fixed, "fixed", "Fixed"),
        (OutcomeKind.NotPossible, "not-possible", "Not possible"),
        (OutcomeKind.FeatureRequestRoadmap, "feature-roadmap", "Feature request for the roadmap"),
        (OutcomeKind.FeatureRequestAccountManager, "feature-account-manager", "Feature request for the account manager"),
        (OutcomeKind.BugRaised, "bug-raised", "Bug raised"),
    ];

    public static IEnumerable<(OutcomeKind Kind, string Id, string Title)> All => Table;

    public static string Id(this OutcomeKind k) => Table.First(t => t.Kind == k).Id;

    public static string Title(this OutcomeKind k) => Table.First(t => t.Kind == k).Title;

    public static bool TryParse(string? id, out OutcomeKind kind)
    {
        foreach (var t in Table)
        {
            if (t.Id == id)
            {
                kind = t.Kind;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
