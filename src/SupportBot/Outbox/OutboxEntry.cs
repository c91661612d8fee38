using SupportBot.Core.Engine;

namespace SupportBot.Outbox;

/// <summary>One row of the outbox. <see cref="Payload"/> is an <see cref="Outgoing"/> as JSON.</summary>
/// <param name="SendingSince">
/// When a post of this row first began and no outcome of that attempt was recorded: while the row is
/// pending, an instance stopped mid-call and the row may have been sent already, from then on.
/// </param>
public sealed record OutboxEntry(
    long Id,
    string Lane,
    string Payload,
    string? CaseNumber,
    string Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    string? LastError,
    DeliveryClass Delivery = DeliveryClass.AtMostOnce,
    DateTimeOffset? SendingSince = null)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";

    /// <summary>At most once, and the send may have happened: not tried again.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>A page no longer awaited (acknowledged, moved on, case closed) before it was sent.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>The delivery classes as the outbox's <c>delivery</c> column spells them.</summary>
public static class DeliveryNames
{
    public const string AtLeastOnce = "at-least-once";
    public const string AtMostOnce = "at-most-once";

    public static string Of(DeliveryClass delivery) => delivery == DeliveryClass.AtLeastOnce ? AtLeastOnce : AtMostOnce;

    public static DeliveryClass Parse(string name) => name switch
    {
        AtLeastOnce => DeliveryClass.AtLeastOnce,
        AtMostOnce => DeliveryClass.AtMostOnce,
        _ => throw new FormatException($"Unknown outbox delivery class '{name}'."),
    };
}

/// <summary>What the metrics report: rows waiting, how long the oldest has waited, rows given up on.</summary>
public sealed record OutboxCounts(long Pending, DateTimeOffset? OldestPendingCreatedAt, long Dead)
{
    public TimeSpan OldestPendingAge(DateTimeOffset now) =>
        OldestPendingCreatedAt is { } oldest && now > oldest ? now - oldest : TimeSpan.Zero;
}

/// <summary>An operation given up on, for the log and the triage notice. Never carries message bodies.</summary>
public sealed record DeadLetter(long Id, string Lane, string Op, string? CaseNumber, string Reason);

/// <summary>The stable operation names of <see cref="Outgoing"/>, as written in the payload's "op".</summary>
public static class OutgoingNames
{
    public static string Of(Outgoing op) => op switch
    {
        PostMessage => "post",
        PostToChannel => "post-to-channel",
        UpdateMessage => "update",
        DirectMessage => "direct",
        CreateChannel => "create-channel",
        InviteToChannel => "invite",
        PinMessage => "pin",
        ArchiveChannel => "archive",
        _ => op.GetType().Name,
    };
}
