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

    public static ChannelKind Parse(string id) => id switch
    {
        "local" => ChannelKind.Local,
        "slack" => ChannelKind.Slack,
        "teams" => ChannelKind.Teams,
        _ => throw new FormatException($"Unknown channel kind '{id}'."),
    };
}
