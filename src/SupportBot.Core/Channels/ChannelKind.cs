namespace SupportBot.Core.Channels;

/// <summary>The platform a conversation or person lives on. Persisted as lower-case strings.</summary>
public enum ChannelKind { Local, Slack, Teams }

public static class ChannelKinds
{
    public static string Id(this ChannelKind kind) => kind switch
    {
        ChannelKind.Local => "local",
        ChannelKind.Slack => "slack",
        ChannelKind.Teams => "teams",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Whether the platform has a directory in which the adapter can find a person by email (the local workspace has none).</summary>
    public static bool FindsPeopleByEmail(this ChannelKind kind) => kind is ChannelKind.Slack or ChannelKind.Teams;

    public static ChannelKind Parse(string id) => id switch
    {
        "local" => ChannelKind.Local,
        "slack" => ChannelKind.Slack,
        "teams" => ChannelKind.Teams,
        _ => throw new FormatException($"Unknown channel kind '{id}'."),
    };
}
