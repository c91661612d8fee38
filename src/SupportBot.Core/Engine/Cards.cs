namespace SupportBot.Core.Engine;

/// <summary>Template names in <c>cards/</c>; one per kind of message the flows send.</summary>
public static class Cards
{
    public const string Intake = "intake";
    public const string Deflection = "intake-deflection";
    public const string Preview = "intake-preview";
    public const string CaseOpened = "case-opened";
    public const string Triage = "triage";
    public const string CaseUpdate = "case-update";
    public const string AskReporter = "ask-reporter";
    public const string Resolved = "resolved";
    public const string Reminder = "reminder";
    public const string Queue = "queue";
    public const string Status = "status";
    public const string Help = "help";
    public const string Notice = "notice";
    public const string Page = "page";
    public const string Escalate = "escalate";
    public const string BridgeStatus = "bridge-status";
    public const string IncidentSummary = "incident-summary";
    public const string ReportOffer = "report-offer";
    public const string MonthlyReport = "monthly-report";
}

/// <summary>Card action verbs, as sent back by the buttons in <c>cards/</c>.</summary>
public static class Verbs
{
    public const string IntakeStart = "intake.start";
    public const string IntakeNext = "intake.next";
    public const string IntakeEdit = "intake.edit";
    public const string IntakeCancel = "intake.cancel";
    public const string IntakeSubmit = "intake.submit";
    public const string DeflectionFixed = "intake.fixed";
    public const string DeflectionContinue = "intake.continue";
    public const string Claim = "case.claim";
    public const string ChangeSeverity = "case.severity";
    public const string AskReporter = "case.ask";
    public const string PostUpdate = "case.update";
    public const string EscalateTier = "case.escalate";
    public const string Resolve = "case.resolve";
    public const string ReporterReply = "reporter.reply";
    public const string ReporterFixed = "reporter.fixed";
    public const string ReporterBroken = "reporter.broken";
    public const string ReporterRate = "reporter.rate";
    public const string IntakeJoin = "intake.join";
    public const string Snooze = "case.snooze";
    public const string EscalationRequest = "escalation.request";
    public const string PageAck = "escalation.ack";
    public const string PageTakeOver = "escalation.takeover";

    /// <summary>Data key holding the case id on every case button.</summary>
    public const string CaseKey = "case";

    /// <summary>Data key listing the question ids a card presented, so missing inputs mean "cleared".</summary>
    public const string ShownKey = "shown";
}
