using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Simulation;

namespace SupportBot.Core.Tests.Engine;

/// <summary>Drives the engine like the host does, on a fake "now", applying each step to in-memory state.</summary>
public sealed class EngineDriver
{
    private int eventId;

    public EngineDriver(Instant start, Core.Policy.SupportPolicy? policy = null, Desk? desk = null)
        : this(start, policy ?? TestPolicy.Create(), new FixedDesk(desk ?? TestPolicy.Desk))
    {
    }

    /// <summary>An engine that reads the desk from <paramref name="desk"/> on every step, as the host's does.</summary>
    public EngineDriver(Instant start, Core.Policy.SupportPolicy policy, IDeskSource desk)
    {
        Now = start;
        Policy = policy;
        Engine = new ConversationEngine(Policy, desk);
        State = new MemoryState(Policy);
    }

    public Instant Now { get; set; }
    public Core.Policy.SupportPolicy Policy { get; }
    public ConversationEngine Engine { get; }
    public MemoryState State { get; }

    public EngineStep Say(UserRef from, string text, ConversationRef? where = null) =>
        State.Apply(Engine.Handle(new MessageReceived(Next(), from, where ?? Dm(from), text), State, Now), Now);

    public EngineStep Click(UserRef from, string verb, Dictionary<string, string>? data = null, ConversationRef? where = null) =>
        State.Apply(Engine.Handle(new CardActionInvoked(Next(), from, where ?? Dm(from), verb, data ?? [], null), State, Now), Now);

    public EngineStep ClickOnCase(UserRef from, string verb, Dictionary<string, string>? data = null, ConversationRef? where = null)
    {
        var d = new Dictionary<string, string>(data ?? []) { [Verbs.CaseKey] = State.OnlyCase.Id };
        return Click(from, verb, d, where ?? TestPolicy.Triage);
    }

    /// <summary>Fires every timer due at or before now, earliest first, as the sweep does.</summary>
    public List<EngineStep> FireDue()
    {
        var fired = new List<EngineStep>();
        foreach (var timer in State.DueTimers(Now))
        {
            if (State.Claim(timer))
            {
                fired.Add(State.Apply(Engine.HandleTimer(timer, State, Now), Now));
            }
        }
        return fired;
    }

    /// <summary>Answers every question of a Severity 1 wifi report and submits it.</summary>
    public EngineStep ReportSeverity1()
    {
        Say(TestPolicy.Reporter, "the wifi is down everywhere");
        Click(TestPolicy.Reporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,title,description,contact_email", ["category"] = "wifi", ["impact"] = "everyone", ["title"] = "Wifi down", ["description"] = "No one can connect" });
        Click(TestPolicy.Reporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,ssid,title,description,contact_email", ["category"] = "wifi", ["impact"] = "everyone", ["ssid"] = "corp", ["title"] = "Wifi down", ["description"] = "No one can connect" });
        return Click(TestPolicy.Reporter, Verbs.IntakeSubmit);
    }

    public static ConversationRef Dm(UserRef user) => new(user.Channel, $"dm:{user.Id}", true);

    private string Next() => $"evt-{++eventId}";
}
