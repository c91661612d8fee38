using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Policy;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Reports;

/// <summary>
/// What one case contributes to the KPIs, read from its projection and its log as of <see cref="AsOf"/>.
/// Times are working time on the severity's SLA calendars, as the clocks measure them (see <see cref="Of"/>).
/// </summary>
public sealed record CaseMeasure
{
    public required CaseRecord Case { get; init; }
    public required Instant AsOf { get; init; }
    /// <summary>Opening to first response, on the response target's calendar; null before anyone responded.</summary>
    public Duration? FirstResponse { get; init; }
    public required ClockResult Response { get; init; }
    /// <summary>Opening to resolution on the resolution target's calendar, less the time the clock was paused; null until resolved.</summary>
    public Duration? TimeToResolve { get; init; }
    public required ClockResult Resolution { get; init; }
    /// <summary>The resolution due time, moved by the working time the clock spent paused; null when the severity has no resolution target.</summary>
    public required Instant? ResolutionDue { get; init; }
    /// <summary>Null until resolved; see <see cref="KpiRules.IsFirstContactResolution"/>.</summary>
    public bool? FirstContactResolution { get; init; }
    public int? Rating => Case.Rating;
    public int Pages { get; init; }
    public IReadOnlyList<Duration> AckTimes { get; init; } = [];
    public SlaCredit? Credit { get; init; }

    public bool Breached => Response == ClockResult.Missed || Resolution == ClockResult.Missed;

    /// <summary>
    /// Measures a case. First response: the projection's first-response instant (a claim, a question to
    /// the reporter, an update or a resolution) against its response due time; the response clock never
    /// pauses. Resolution: the clock stops while waiting on the customer and while resolved, so its due
    /// time moves by the paused working time, and it counts as stopped where its last pause began.
    /// A target not met and not yet past at <paramref name="asOf"/> is <see cref="ClockResult.Undecided"/>.
    /// </summary>
    public static CaseMeasure Of(SupportPolicy policy, CaseHistory history, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(history);
        var c = history.Case;
        var severity = policy.Severity(c.SeverityId);
        var responseCalendar = CaseClocks.CalendarOf(policy, severity, severity.Response);
        var resolutionCalendar = CaseClocks.CalendarOf(policy, severity, severity.Resolution);

        var response = c.FirstResponseAt is { } first
            ? (first <= c.ResponseDueAt ? ClockResult.Met : ClockResult.Missed)
            : (asOf > c.ResponseDueAt ? ClockResult.Missed : ClockResult.Undecided);

        var resolutionDue = CaseClocks.ResolutionDue(policy, severity, c.OpenedAt, c.PausedWorkingTime);
        // A resolve while waiting on the customer keeps the pause that began with the question.
        var stopped = c.ClockPausedAt ?? asOf;
        var resolved = c.ResolvedAt is not null;
        var resolution = resolutionDue is null ? ClockResult.Undecided : stopped > resolutionDue ? ClockResult.Missed : resolved ? ClockResult.Met : ClockResult.Undecided;

        return new CaseMeasure
        {
            Case = c,
            AsOf = asOf,
            FirstResponse = c.FirstResponseAt is { } at ? WorkingTime.Between(responseCalendar, c.OpenedAt, at) : null,
            Response = response,
            TimeToResolve = resolved ? WorkingTime.Between(resolutionCalendar, c.OpenedAt, stopped) - c.PausedWorkingTime : null,
            Resolution = resolution,
            ResolutionDue = resolutionDue,
            FirstContactResolution = resolved ? KpiRules.IsFirstContactResolution(history) : null,
            Pages = history.Events.Count(e => e.Type == KpiRules.Paged),
            AckTimes = KpiRules.AckTimes(history.Events),
            Credit = SlaCredit.For(policy, severity, c, asOf),
        };
    }
}
