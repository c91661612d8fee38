using System.Data.Common;
using Dapper;
using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;
using SupportBot.Outbox;
using SupportBot.Storage;

namespace SupportBot.Benchmarks.Clocks;

/// <summary>
/// Opens cases in the benchmark's own process, through the product's engine and step store on the
/// app's database, at the instants it is told (a fake clock): the rows are those the app writes when a
/// Slack report is submitted (case, its events, triage card, timers). Then it marks the outbox rows
/// delivered with the message ids Slack would have given, as the app's dispatcher records them, so
/// the app starts on a desk whose earlier messages went out long ago.
/// </summary>
/// <param name="posted">Puts a message the app would have posted on the platform (a channel post or a direct message); returns its id there.</param>
public sealed class CaseSeeder(IDatabase database, SupportPolicy policy, Desk desk, Func<Outgoing, string> posted)
{
    private const int InFlight = 128;
    private const int DeliveredPerCommit = 5_000;

    // Cases opened between deliveries: the outbox never holds more than their messages, as with the app's dispatcher at work.
    private const int OpenedPerDelivery = 500;

    private readonly ConversationEngine engine = new(policy, desk);
    private readonly StepStore store = new(database, policy);

    /// <summary>
    /// Opens cases <paramref name="first"/>.. (each from its own reporter), case i at <paramref name="openedAt"/>(i),
    /// delivering their messages after each chunk of cases as the app's dispatcher would. Returns how
    /// many messages were marked delivered.
    /// </summary>
    public async Task<int> OpenAsync(int first, int count, string impact, Func<int, Instant> openedAt, CancellationToken ct)
    {
        var delivered = 0;
        for (var start = 0; start < count; start += OpenedPerDelivery)
        {
            var chunk = Math.Min(OpenedPerDelivery, count - start);
            var from = start;
            var result = await Load.RunAsync(chunk, InFlight, (i, c) => OpenOneAsync(first + from + i, impact, openedAt(from + i), c), ct);
            if (result.Failed > 0)
            {
                throw new InvalidOperationException($"The engine opened {result.Succeeded} of {chunk} {impact} cases.");
            }
            delivered += await DeliverAllAsync(ct);
        }
        return delivered;
    }

    private async Task<bool> OpenOneAsync(int n, string impact, Instant now, CancellationToken ct)
    {
        var reporter = new UserRef(ChannelKind.Slack, $"U{n:D8}", $"reporter{n}");
        // A modal opened from the App Home submits from the person's DM, as the Slack adapter reads it.
        var dm = new ConversationRef(ChannelKind.Slack, reporter.Id, IsDirect: true);
        var answers = new Dictionary<string, string>
        {
            ["impact"] = impact,
            ["title"] = $"Report {n}",
            ["description"] = $"Report {n}: the wifi is down",
        };
        var session = new IntakeSession(reporter, dm, answers, IntakeStage.Confirming, now, now);
        var submit = new CardActionInvoked($"slack:view:V{n:D8}:T{n:D8}", reporter, dm, Verbs.IntakeSubmit, new Dictionary<string, string>(), null);
        var outcome = await store.RunAsync(new StepRequest(submit.EventId, null, now),
            state => engine.Handle(submit, new PreviewedIntake(state, session), now), ct);
        return outcome.Status == StepStatus.Committed && outcome.Step!.Cases.Count == 1;
    }

    /// <summary>Marks every pending outbox row delivered, as the dispatcher would after Slack's answer; returns how many.</summary>
    private async Task<int> DeliverAllAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var done = await database.WriteAsync((connection, transaction) => DeliverSome(connection, transaction), ct);
            total += done;
            if (done < DeliveredPerCommit)
            {
                return total;
            }
        }
    }

    private int DeliverSome(DbConnection connection, DbTransaction transaction)
    {
        var rows = connection.Query<(long Id, string Payload, long CreatedAt)>(
            "SELECT id, payload, created_at FROM outbox WHERE status = 'pending' ORDER BY id LIMIT @max",
            new { max = DeliveredPerCommit }, transaction).AsList();
        foreach (var (id, payload, createdAt) in rows)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(createdAt);
            OutboxStore.MarkDelivered(connection, transaction, id, at, Refs(StoreJson.Deserialize<Outgoing>(payload)!));
        }
        return rows.Count;
    }

    /// <summary>The ids the platform gave the post, as the dispatcher records them.</summary>
    private DeliveredRefs Refs(Outgoing op)
    {
        var refs = new DeliveredRefs();
        switch (op)
        {
            case PostMessage post:
                var ts = posted(op);
                if (post.MessageKey is { } key)
                {
                    refs.Messages[key] = new MessageRef(post.To.Channel, post.To.Id, ts);
                }
                break;
            default:
                throw new InvalidOperationException($"A new case should not have written a {op.GetType().Name}.");
        }
        return refs;
    }
}
