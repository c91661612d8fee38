using NodaTime;

namespace SupportBot.Core.OnCall;

/// <summary>A weekly on-call rotation: each week from the hand-off instant the next member is on call.</summary>
public sealed record Rota(
    string Id,
    DateTimeZone Zone,
    IsoDayOfWeek HandoffDay,
    LocalTime HandoffTime,
    LocalDate StartsOn,
    IReadOnlyList<string> Members,
    IReadOnlyList<RotaOverride> Overrides);

/// <summary>Someone covering the rota between two local date-times in the rota's zone.</summary>
public sealed record RotaOverride(string PersonId, LocalDateTime From, LocalDateTime To);
