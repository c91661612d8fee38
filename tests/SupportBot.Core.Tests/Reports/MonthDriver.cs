using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Reports;
using SupportBot.Core.Tests.Engine;

namespace SupportBot.Core.Tests.Reports;

/// <summary>
/// Runs the real engine through a month: every timer fires on time as time moves on (reminders, pages,
/// auto-closes), so the case logs are the ones the bot would write.
/// </summary>
public sealed class MonthDriver(SupportBot.Core.Policy.SupportPolicy policy)
{
    private readonly EngineDriver bot = new(Instant.FromUtc(2026, 1, 1, 0, 0), policy, ReportPolicy.Desk);

    public Instant Now => bot.Now;

    public SupportBot.Core.Policy.SupportPolicy Policy => bot.Policy;

    /// <summary>Moves time to <paramref name="t"/>, firing each timer due on the way at its due time.</summary>
    public MonthDriver At(Instant t)
    {
        while (bot.State.NextTimer() is { } next && next.DueAt <= t)
        {
            bot.Now = next.DueAt > bot.Now ? next.DueAt : bot.Now;
            bot.FireDue();
        }
        bot.Now = t;
        return this;
    }

    /// <summary>Reports a problem as a new reporter and returns the case opened.</summary>
    public CaseRecord Report(string reporter, string category, string impact, string region, string? customer, string title)
    {
        var who = new UserRef(ChannelKind.Local, reporter, reporter);
        bot.Say(who, title);
        var answers = new Dictionary<string, string>
        {
            ["shown"] = "category,impact,region,customer,title,description",
            ["category"] = category,
            ["impact"] = impact,
            ["region"] = region,
            ["customer"] = customer ?? "",
            ["title"] = title,
            ["description"] = title,
        };
        bot.Click(who, Verbs.IntakeNext, answers);
        var step = bot.Click(who, Verbs.IntakeSubmit);
        return Assert.Single(step.Cases).Case;
    }

    public EngineStep Agent(UserRef agent, CaseRecord c, string verb, Dictionary<string, string>? data = null) =>
        bot.Click(agent, verb, new Dictionary<string, string>(data ?? []) { [Verbs.CaseKey] = c.Id }, ReportPolicy.Triage);

    public EngineStep Reporter(CaseRecord c, string verb, Dictionary<string, string>? data = null) =>
        bot.Click(c.Reporter, verb, new Dictionary<string, string>(data ?? []) { [Verbs.CaseKey] = c.Id }, EngineDriver.Dm(c.Reporter));

    public EngineStep ReporterSays(CaseRecord c, string text) => bot.Say(c.Reporter, text);

    public EngineStep Acknowledge(UserRef who, CaseRecord c, int level) =>
        bot.Click(who, Verbs.PageAck, new() { [Verbs.CaseKey] = c.Id, ["level"] = level.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public CaseRecord Current(CaseRecord c) => bot.State.FindCaseById(c.Id)!;

    /// <summary>Every case with its log, as the store would give them to a report.</summary>
    public IReadOnlyList<CaseHistory> Histories()
    {
        var ids = bot.State.Events.Select(e => e.CaseId).Distinct().ToList();
        return [.. ids.Select(id => new CaseHistory(bot.State.FindCaseById(id)!, [.. bot.State.Events.Where(e => e.CaseId == id)]))];
    }
}
