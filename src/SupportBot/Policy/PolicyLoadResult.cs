using SupportBot.Core.Policy;

namespace SupportBot.Policy;

/// <summary>Either a policy (and no errors) or every error found; never a half-valid policy.</summary>
public sealed record PolicyLoadResult(SupportPolicy? Policy, IReadOnlyList<PolicyError> Errors)
{
    public bool Succeeded => Policy is not null;
}
