using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Escalation;
using SupportBot.Core.OnCall;
using SupportBot.Core.Policy;
using SupportBot.Core.Tests.Engine;

namespace SupportBot.Core.Tests.Authorization;

/// <summary>The six kinds of people the authorization matrix tries every action and command as.</summary>
public enum AuthzRole { CaseReporter, OtherReporter, Agent, Manager, Admin, Unknown }

/// <summary>
/// A desk with two open cases: Rita's (the case under test, SUP-000001) and Otto's (SUP-000002). Every
/// person acts from their own direct messages, so what they may do comes from their role alone
/// (anyone acting in the triage channel is an agent by design, DESIGN §9). agent-2 is the owner
/// whenever a case needs one, so agent-1 is "an agent who is not the owner".
/// </summary>
public sealed class AuthzScene
{
    public const string CaseTitle = "Wifi down in the Paris office";
    public const string OtherTitle = "Printer jams on floor 3";

    public static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    public static readonly UserRef Admin = new(ChannelKind.Local, "admin-1", "Ada Admin");
    public static readonly UserRef Unknown = new(ChannelKind.Local, "uma", "Uma Unknown");
    public static readonly UserRef Owner = TestPolicy.Agent2;

    /// <summary>A shared channel that is none of the desk's, where <c>set …</c> is typed.</summary>
    public static readonly ConversationRef General = new(ChannelKind.Local, "general", false);

    private int events;

    public AuthzScene(bool severity1 = true)
    {
        Bot = new EngineDriver(T0, Policy(), TestPolicy.Desk);
        ReportToConfirm(TestPolicy.Reporter, severity1, CaseTitle);
        Bot.Click(TestPolicy.Reporter, Verbs.IntakeSubmit);
        ReportToConfirm(TestPolicy.OtherReporter, everyone: false, OtherTitle);
        Bot.Click(TestPolicy.OtherReporter, Verbs.IntakeSubmit);
        Bot.Now = T0 + Duration.FromMinutes(1);
    }

    public EngineDriver Bot { get; }

    public CaseRecord Case => Bot.State.FindCase("SUP-000001")!;

    public CaseRecord OtherCase => Bot.State.FindCase("SUP-000002")!;

    public static UserRef User(AuthzRole role) => role switch
    {
        AuthzRole.CaseReporter => TestPolicy.Reporter,
        AuthzRole.OtherReporter => TestPolicy.OtherReporter,
        AuthzRole.Agent => TestPolicy.Agent,
        AuthzRole.Manager => TestPolicy.Manager,
        AuthzRole.Admin => Admin,
        AuthzRole.Unknown => Unknown,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The test policy with an admin and a ladder: level 1 pages the agents on a response breach, level 2 the managers by hand.</summary>
    public static SupportPolicy Policy()
    {
        var policy = TestPolicy.Create();
        var admin = new Person("admin-1", "Ada Admin", "admin-1@example.com", null, DateTimeZone.Utc, new Dictionary<string, string> { ["local"] = "admin-1" }, null);
        return policy with
        {
            Ladders =
            [
                new EscalationLadder("all", ["sev1", "sev2"],
                [
                    new LadderLevel(1, "Agents", new LadderTrigger(TriggerKind.ResponseBreach, null), Actor.AgentsRole, Duration.FromMinutes(10), 0),
                    new LadderLevel(2, "Managers", new LadderTrigger(TriggerKind.Manual, null), Actor.ManagersRole, Duration.FromMinutes(10), 0),
                ], new ManualEscalation(true, null, "Not yet.", ["reason"])),
            ],
            People = policy.People with
            {
                People = [.. policy.People.People, admin],
                Roles = [.. policy.People.Roles, new Role(Actor.AdminsRole, "Admins", ["admin-1"], RoleSelection.All, null, null)],
            },
        };
    }

    /// <summary>A wifi report answered to its preview (Confirming): Severity 1 when everyone is affected.</summary>
    public void ReportToConfirm(UserRef who, bool everyone, string title)
    {
        Bot.Say(who, title, EngineDriver.Dm(who));
        Bot.Click(who, Verbs.IntakeNext, new()
        {
            ["shown"] = "category,impact,ssid,title,description,contact_email",
            ["category"] = "wifi",
            ["impact"] = everyone ? "everyone" : "some",
            ["ssid"] = "corp",
            ["title"] = title,
            ["description"] = title,
        });
    }

    /// <summary>A billing report, which the policy deflects with troubleshooting steps first (Deflecting).</summary>
    public void ReportToDeflection(UserRef who)
    {
        Bot.Say(who, "my invoice is wrong", EngineDriver.Dm(who));
        Bot.Click(who, Verbs.IntakeNext, new()
        {
            ["shown"] = "category,impact,title,description,contact_email",
            ["category"] = "billing",
            ["impact"] = "some",
            ["title"] = "Invoice wrong",
            ["description"] = "my invoice is wrong",
        });
    }

    /// <summary>A click on a button of Rita's case, from the person's own DM.</summary>
    public EngineStep OnCase(UserRef who, string verb, Dictionary<string, string>? data = null) =>
        Bot.Click(who, verb, new Dictionary<string, string>(data ?? []) { [Verbs.CaseKey] = Case.Id }, EngineDriver.Dm(who));

    public void ClaimedByOwner() => Done(OnCase(Owner, Verbs.Claim));

    public void WaitingOnReporter()
    {
        ClaimedByOwner();
        Done(OnCase(Owner, Verbs.AskReporter, new() { ["question"] = "Which building?" }));
    }

    public void Resolved()
    {
        ClaimedByOwner();
        Done(OnCase(Owner, Verbs.Resolve, new() { ["outcome"] = "fixed", ["summary"] = "Restarted the controller" }));
    }

    /// <summary>Rita asks for escalation: level 1 (the agents) is paged and waits for an acknowledgement.</summary>
    public void PageWaiting()
    {
        Done(OnCase(TestPolicy.Reporter, Verbs.EscalationRequest, new() { ["reason"] = "The whole office is down" }));
        Assert.Equal(1, Case.Escalation.Level);
    }

    public EngineStep Command(UserRef who, string verb, string args, ConversationRef? where = null) =>
        Bot.State.Apply(Bot.Engine.Handle(new CommandInvoked($"cmd-{++events}", who, where ?? EngineDriver.Dm(who), verb, args), Bot.State, Bot.Now), Bot.Now);

    private static void Done(EngineStep step) => Assert.True(step.ChangesState, $"Setting the scene was refused: {step.Reply?.Text}");
}
