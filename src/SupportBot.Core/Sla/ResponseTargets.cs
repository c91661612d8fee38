using NodaTime;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Sla;

/// <summary>Which first-response target applies to a report: the first matching variant, else the severity's own.</summary>
public static class ResponseTargets
{
    public static SlaTarget For(SupportPolicy policy, SeverityLevel severity, Instant openedAt, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(severity);
        foreach (var variant in severity.ResponseVariants)
        {
            if (variant.When.Matches(answers) && (variant.During is not { } during || WorkingTime.IsOpen(policy.Calendar(during), openedAt)))
            {
                return variant.Response;
            }
        }
        return severity.Response;
    }

    public static Instant Due(SupportPolicy policy, SeverityLevel severity, Instant openedAt, IReadOnlyDictionary<string, string> answers)
    {
        var target = For(policy, severity, openedAt, answers);
        return WorkingTime.Due(CaseClocks.CalendarOf(policy, severity, target), openedAt, target);
    }
}
