namespace SupportBot.Local;

/// <summary>
/// A channel or direct conversation in the local workspace. Direct conversations have the id
/// <c>dm:{userId}</c>; <see cref="Members"/> are user ids.
/// </summary>
public sealed record LocalConversation(
    string Id,
    bool IsDirect,
    string Name,
    string? Topic,
    bool Archived,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Members)
{
    public const string ChannelKind = "channel";
    public const string DirectKind = "direct";

    public static string DirectId(string userId) => $"dm:{userId}";
}
