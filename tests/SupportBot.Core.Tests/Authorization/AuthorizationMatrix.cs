using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;
using SupportBot.Core.Tests.Engine;

namespace SupportBot.Core.Tests.Authorization;

/// <summary>
/// Every card action and command the engine accepts x every role (DESIGN §9). A = allowed (it works:
/// the expected event or answer), R = refused (nothing changes, and only that person is told why),
/// O = own only (it works, on the person's own cases only). Intake actions are always about the
/// person's own report, so everyone may use them.
/// </summary>
public static class AuthorizationMatrix
{
    private const Outcome A = Outcome.Allowed;
    private const Outcome R = Outcome.Refused;
    private const Outcome O = Outcome.OwnOnly;

    public static readonly IReadOnlyList<AuthzRow> Rows =
    [
        //                                                                                 reporter other agent manager admin unknown
        OnCase(Verbs.Claim, "an unclaimed case",                                           R, R, A, A, A, R, "claimed"),
        OnCase(Verbs.ChangeSeverity, "raising Severity 2 to 1",                            R, R, A, A, A, R, "severity-changed",
            data: new() { ["severity"] = "sev1", ["reason"] = "every site is down" }) with { Severity1 = false },
        OnCase(Verbs.ChangeSeverity, "downgrading Severity 1 (managers only)",             R, R, R, A, A, R, "severity-changed",
            data: new() { ["severity"] = "sev2", ["reason"] = "one site only" }),
        OnCase(Verbs.AskReporter, "a claimed case",                                        R, R, A, A, A, R, "info-requested",
            s => s.ClaimedByOwner(), new() { ["question"] = "Since when?" }),
        OnCase(Verbs.PostUpdate, "a claimed case",                                         R, R, A, A, A, R, "update-posted",
            s => s.ClaimedByOwner(), new() { ["update"] = "Rebooting the controller" }),
        OnCase(Verbs.EscalateTier, "a case at L1",                                         R, R, A, A, A, R, "tier-escalated",
            data: new() { ["escalateReason"] = "needs network engineering" }),
        OnCase(Verbs.Resolve, "a claimed case",                                            R, R, A, A, A, R, "resolved",
            s => s.ClaimedByOwner(), new() { ["outcome"] = "fixed", ["summary"] = "Replaced the switch" }),
        OnCase(Verbs.Snooze, "another agent owns the case (owner or manager only)",        R, R, R, A, A, R, "snoozed",
            s => s.ClaimedByOwner(), new() { ["snoozeFor"] = "30", ["snoozeReason"] = "waiting for the vendor" }),
        OnCase(Verbs.Snooze, "the agent owns the case",                                    R, R, A, A, A, R, "snoozed",
            s => s.OnCase(TestPolicy.Agent, Verbs.Claim), new() { ["snoozeFor"] = "30", ["snoozeReason"] = "waiting for the vendor" }),
        OnCase(Verbs.ReporterReply, "support asked the reporter",                          A, R, R, R, R, R, "reporter-replied",
            s => s.WaitingOnReporter(), new() { ["reply"] = "Building B" }),
        OnCase(Verbs.ReporterFixed, "a resolved case",                                     A, R, R, R, R, R, "confirmed-fixed",
            s => s.Resolved()),
        OnCase(Verbs.ReporterBroken, "a resolved case",                                    A, R, R, R, R, R, "reopened",
            s => s.Resolved(), new() { ["comment"] = "still down" }),
        OnCase(Verbs.ReporterRate, "a resolved case",                                      A, R, R, R, R, R, "rated",
            s => s.Resolved(), new() { ["rating"] = "5" }),
        OnCase(Verbs.EscalationRequest, "an open case with a ladder",                     A, R, A, A, A, R, "escalation-requested",
            data: new() { ["reason"] = "the whole office is down" }),
        OnCase(Verbs.PageAck, "the agents are paged",                                      R, R, A, A, A, R, "page-acknowledged",
            s => s.PageWaiting(), new() { ["level"] = "1" }),
        OnCase(Verbs.PageTakeOver, "the agents are paged",                                 R, R, A, A, A, R, "taken-over",
            s => s.PageWaiting(), new() { ["level"] = "1" }),

        // The person's own report, from their own DM.                                     reporter other agent manager admin unknown
        Intake(Verbs.IntakeStart, "no report under way",                                   A, A, A, A, A, A, (s, u) => { },
            (s, u, step) => step.SaveIntake?.Reporter == u),
        Intake(Verbs.IntakeNext, "answering the questions",                                A, A, A, A, A, A, (s, u) => s.Bot.Say(u, "the vpn drops", EngineDriver.Dm(u)),
            (s, u, step) => step.SaveIntake is { } saved && saved.Reporter == u && saved.Answers.GetValueOrDefault("title") == "VPN drops",
            new() { ["shown"] = "category,impact,title,description,contact_email", ["category"] = "billing", ["impact"] = "some", ["title"] = "VPN drops", ["description"] = "the vpn drops" }),
        Intake(Verbs.IntakeEdit, "at the preview",                                         A, A, A, A, A, A, (s, u) => s.ReportToConfirm(u, everyone: false, "Slow wifi"),
            (s, u, step) => step.SaveIntake is { Stage: IntakeStage.Answering } saved && saved.Reporter == u),
        Intake(Verbs.IntakeCancel, "answering the questions",                              A, A, A, A, A, A, (s, u) => s.Bot.Say(u, "the vpn drops", EngineDriver.Dm(u)),
            (s, u, step) => step.DeleteIntakeFor == u.Key),
        Intake(Verbs.DeflectionContinue, "at the troubleshooting steps",                   A, A, A, A, A, A, (s, u) => s.ReportToDeflection(u),
            (s, u, step) => step.SaveIntake is { Stage: IntakeStage.Confirming } saved && saved.Reporter == u),
        Intake(Verbs.DeflectionFixed, "at the troubleshooting steps",                      A, A, A, A, A, A, (s, u) => s.ReportToDeflection(u),
            (s, u, step) => step.Cases.Any(c => c.Case.Reporter == u && c.Events.Any(e => e.Type == "resolved-at-first-contact"))),
        Intake(Verbs.IntakeSubmit, "at the preview",                                       A, A, A, A, A, A, (s, u) => s.ReportToConfirm(u, everyone: false, "Slow wifi"),
            (s, u, step) => step.Cases.Any(c => c.Case.Reporter == u && c.Events.Any(e => e.Type == "opened"))),
        // Joining an open incident as another reporter of it; its own reporter has nothing to join.
        Intake(Verbs.IntakeJoin, "the same outage as the open incident",                   R, A, A, A, A, A, (s, u) => s.ReportToConfirm(u, everyone: true, "Cannot connect"),
            (s, u, step) => step.Cases.Any(c => c.Case.Id == s.Case.Id && c.Case.LinkedReporters.Contains(u) && c.Events.Any(e => e.Type == "report-linked")),
            caseData: true),

        // Commands, typed in the person's DM (set: in a shared channel).                 reporter other agent manager admin unknown
        Command("help", "",                                                                A, A, A, A, A, A, (s, u, step) => step.Reply?.Card?.Template == Cards.Help),
        Command("report", "",                                                              A, A, A, A, A, A, (s, u, step) => step.SaveIntake?.Reporter == u),
        Command("queue", "",                                                               O, O, A, A, A, O, Queue),
        Command("status", "SUP-000001",                                                    A, R, A, A, A, R, (s, u, step) => Shows(step, Cards.Status)),
        Command("escalate", "SUP-000001",                                                  A, R, A, A, A, R, (s, u, step) => Shows(step, Cards.Escalate)),
        .. DeskRoles.All.Select(role =>
           Command("set", role.Id(),                                                       R, R, R, A, A, R,
                (s, u, step) => step.DeskChanges.SingleOrDefault() is { } change && change.Role == role && change.Channel == AuthzScene.General,
                AuthzScene.General)),
        Command("privacy", "export local:rita",                                            R, R, R, R, A, R,
            (s, u, step) => step.Privacy is { Action: Core.Privacy.PrivacyAction.Export, Subject: "local:rita" }),
        Command("privacy", "erase local:rita confirm",                                     R, R, R, R, A, R,
            (s, u, step) => step.Privacy is { Action: Core.Privacy.PrivacyAction.Erase, Subject: "local:rita" }),
    ];

    private static AuthzRow OnCase(
        string verb, string situation, Outcome reporter, Outcome other, Outcome agent, Outcome manager, Outcome admin, Outcome unknown,
        string recorded, Action<AuthzScene>? prepare = null, Dictionary<string, string>? data = null) =>
        new(verb, situation, Cells(reporter, other, agent, manager, admin, unknown),
            (s, u) => prepare?.Invoke(s),
            (s, u) => s.OnCase(u, verb, data),
            (s, u, step) => step.Cases.Any(c => c.Case.Id == s.Case.Id && c.Events.Any(e => e.Type == recorded && e.ActorKey == u.Key)));

    private static AuthzRow Intake(
        string verb, string situation, Outcome reporter, Outcome other, Outcome agent, Outcome manager, Outcome admin, Outcome unknown,
        Action<AuthzScene, UserRef> prepare, Func<AuthzScene, UserRef, EngineStep, bool> worked, Dictionary<string, string>? data = null, bool caseData = false) =>
        new(verb, situation, Cells(reporter, other, agent, manager, admin, unknown), prepare,
            (s, u) => s.Bot.Click(u, verb, caseData
                ? new Dictionary<string, string>(data ?? []) { [Verbs.CaseKey] = s.Case.Id }
                : data ?? [], EngineDriver.Dm(u)),
            worked);

    private static AuthzRow Command(
        string verb, string args, Outcome reporter, Outcome other, Outcome agent, Outcome manager, Outcome admin, Outcome unknown,
        Func<AuthzScene, UserRef, EngineStep, bool> worked, ConversationRef? where = null) =>
        new(AuthzRow.CommandPrefix + verb, args.Length == 0 ? "no arguments" : args, Cells(reporter, other, agent, manager, admin, unknown),
            (s, u) => { },
            (s, u) => s.Command(u, verb, args, where),
            worked);

    private static Dictionary<AuthzRole, Outcome> Cells(Outcome reporter, Outcome other, Outcome agent, Outcome manager, Outcome admin, Outcome unknown) => new()
    {
        [AuthzRole.CaseReporter] = reporter,
        [AuthzRole.OtherReporter] = other,
        [AuthzRole.Agent] = agent,
        [AuthzRole.Manager] = manager,
        [AuthzRole.Admin] = admin,
        [AuthzRole.Unknown] = unknown,
    };

    private static bool Shows(EngineStep step, string template) =>
        step.Reply is { Kind: ReplyKind.Message, Card: { } card } && card.Template == template && Text(card).Contains("SUP-000001", StringComparison.Ordinal);

    /// <summary>The queue, listing the person's own open cases (which cases others may see the test checks by the cell).</summary>
    private static bool Queue(AuthzScene s, UserRef u, EngineStep step) =>
        step.Reply?.Card is { Template: Cards.Queue } card
        && new[] { s.Case, s.OtherCase }.Where(c => c.Reporter == u).All(c => Text(card).Contains(c.Number, StringComparison.Ordinal));

    public static string Text(OutboundMessage card) => card.Text + " " + card.Data.ToJsonString();
}
