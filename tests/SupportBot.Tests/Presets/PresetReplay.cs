using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;
using SupportBot.Core.Simulation;

namespace SupportBot.Tests.Presets;

/// <summary>
/// One report replayed through the engine the bot runs, on memory state: submitted at a stated local time
/// with the given answers, then clicks at later local times, with every timer in between fired.
/// </summary>
internal sealed class PresetReplay
{
    private static readonly LocalDateTimePattern DateTime = LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm");

    private readonly ConversationEngine engine;
    private readonly StepTimeline timeline;
    private readonly LocalDate day;
    private int clicks;

    /// <param name="at">When the report is submitted, as <see cref="PresetScenario.At"/>.</param>
    /// <param name="answers">As <see cref="PresetScenario.Answers"/>; left-out free-text answers get examples.</param>
    public PresetReplay(SupportPolicy policy, string at, string answers)
    {
        (Start, Zone) = PresetScenarios.ParseAt(at);
        day = Start.InZone(Zone).Date;
        engine = new ConversationEngine(policy, Simulator.Desk);
        timeline = new StepTimeline(policy, Simulator.Desk);
        State = new MemoryState(policy);
        var given = PresetScenarios.WithExamples(policy, PresetScenarios.ParseAnswers(answers));
        State.Apply(new EngineStep { SaveIntake = new IntakeSession(Simulator.Reporter, Dm(Simulator.Reporter), given, IntakeStage.Confirming, Start, Start) }, Start);
        Click(Simulator.Reporter, Verbs.IntakeSubmit, [], Start);
    }

    public Instant Start { get; }

    public DateTimeZone Zone { get; }

    public MemoryState State { get; }

    /// <summary>What the bot did, as the dry run lists it.</summary>
    public List<TimelineEntry> Lines { get; } = [];

    public CaseRecord Case => State.OnlyCase;

    /// <summary><c>"HH:mm"</c> on the report's day, or <c>"yyyy-MM-dd HH:mm"</c>, in the report's zone.</summary>
    public Instant At(string local) => PresetScenarios.ParseLocal(local, day).InZoneStrictly(Zone).ToInstant();

    public string Show(Instant at) => DateTime.Format(at.InZone(Zone).LocalDateTime);

    public EngineStep Click(UserRef user, string verb, Dictionary<string, string> data, Instant now) =>
        Commit(engine.Handle(new CardActionInvoked($"replay-{++clicks}", user, Dm(user), verb, data, null), State, now), now);

    /// <summary>Fires every timer due up to <paramref name="until"/> while the case is open, in order.</summary>
    public void TimersUntil(Instant until)
    {
        while (State.OnlyCase.IsOpen && State.NextTimer() is { } timer && timer.DueAt <= until)
        {
            State.Claim(timer);
            Commit(engine.HandleTimer(timer, State, timer.DueAt), timer.DueAt);
        }
    }

    private EngineStep Commit(EngineStep step, Instant now)
    {
        State.Apply(step, now);
        Lines.AddRange(timeline.Describe(step, now));
        return step;
    }

    private static ConversationRef Dm(UserRef user) => new(user.Channel, $"dm:{user.Id}", true);
}
