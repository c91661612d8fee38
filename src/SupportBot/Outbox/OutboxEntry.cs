using SupportBot.Core.Engine;

namespace SupportBot.Outbox;

/// <summary>One row of the outbox. <see cref="Payload"/> is an <see cref="Outgoing"/> as JSON.</summary>
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
    string? LastError)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";
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
