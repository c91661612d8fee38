using SupportBot.Core.Sla;

namespace SupportBot.Core.Policy;

/// <summary>
/// One severity: its definition and clocks. <see cref="UpdateEvery"/> is the cadence of status
/// updates (null: no cadence). <see cref="Resolution"/> is null when the policy sets no resolution
/// target ("defined case by case"). <see cref="Calendar"/> is the default calendar of its targets.
/// </summary>
public sealed record SeverityLevel(
    string Id,
    string Name,
    string Definition,
    SlaTarget Response,
    SlaTarget? UpdateEvery,
    SlaTarget? Resolution,
    string Calendar,
    bool OpensBridge,
    bool Pages)
{
    /// <summary>First-response targets that replace <see cref="Response"/> for some reports; first match wins.</summary>
    public IReadOnlyList<ResponseVariant> ResponseVariants { get; init; } = [];

    /// <summary>The patch a case of this severity resolved as "bug raised" promises, from the moment the bug is raised (null: none promised).</summary>
    public SlaTarget? PatchWithin { get; init; }
}
