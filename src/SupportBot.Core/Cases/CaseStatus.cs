namespace SupportBot.Core.Cases;

/// <summary>New -> Acknowledged (claimed) -> InProgress <-> WaitingOnCustomer -> Resolved -> Closed; Resolved -> InProgress on reopen.</summary>
public enum CaseStatus { New, Acknowledged, InProgress, WaitingOnCustomer, Resolved, Closed }

public static class CaseStatuses
{
    public static bool IsOpen(this CaseStatus s) => s is not (CaseStatus.Resolved or CaseStatus.Closed);

    public static string Id(this CaseStatus s) => s switch
    {
        CaseStatus.New => "new",
        CaseStatus.Acknowledged => "acknowledged",
        CaseStatus.InProgress => "in-progress",
        CaseStatus.WaitingOnCustomer => "waiting-on-customer",
        CaseStatus.Resolved => "resolved",
        CaseStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string Title(this CaseStatus s) => s switch
    {
        CaseStatus.New => "New",
        CaseStatus.Acknowledged => "Acknowledged",
        CaseStatus.InProgress => "In progress",
        CaseStatus.WaitingOnCustomer => "Waiting on customer",
        CaseStatus.Resolved => "Resolved",
        CaseStatus.Closed => "Closed",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };
}
