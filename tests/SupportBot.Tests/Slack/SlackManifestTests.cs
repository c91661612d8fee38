using SupportBot.Tests.Policy;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Tests.Slack;

/// <summary>The Slack app manifests ask for exactly what the code uses.</summary>
public sealed class SlackManifestTests
{
    /// <summary>Scope ← what needs it. A scope added to the manifest without a use here fails the test, and so does one missing.</summary>
    private static readonly string[] Scopes =
    [
        "app_mentions:read", // app_mention events
        "channels:history",  // conversations.history: a post made just before a crash is found, not repeated
        "channels:manage",   // conversations.create, invite, setTopic, archive (bridges)
        "chat:write",        // chat.postMessage, chat.update, chat.postEphemeral
        "chat:write.public", // post to a public triage channel without being invited
        "commands",          // /support
        "groups:history",    // the same in a private channel
        "im:history",        // message.im events; the same in a direct message
        "im:write",          // conversations.open before a direct message
        "pins:write",        // pins.add
        "users:read",        // users.info (tz; the email field needs the next scope too)
        "users:read.email",  // profile.email in users.info, users.lookupByEmail
    ];

    private static readonly string[] Events = ["app_home_opened", "app_mention", "message.im"];

    [Theory]
    [InlineData("manifest.yml", false)]
    [InlineData("manifest-socket-mode.yml", true)]
    public void The_manifest_lists_exactly_the_scopes_events_and_command_the_code_uses(string file, bool socketMode)
    {
        var root = Load(file);

        Assert.Equal(Scopes.Order(StringComparer.Ordinal), Strings(root, "oauth_config", "scopes", "bot").Order(StringComparer.Ordinal));
        Assert.Equal(Events.Order(StringComparer.Ordinal), Strings(root, "settings", "event_subscriptions", "bot_events").Order(StringComparer.Ordinal));
        var command = Assert.Single(((YamlSequenceNode)Node(root, "features", "slash_commands")).Children.Cast<YamlMappingNode>());
        Assert.Equal("/support", Scalar(command, "command"));
        Assert.Equal("true", Scalar(Node(root, "settings", "interactivity"), "is_enabled"));
        Assert.Equal(socketMode ? "true" : "false", Scalar(Node(root, "settings"), "socket_mode_enabled"));
        Assert.Equal("true", Scalar(Node(root, "features", "app_home"), "home_tab_enabled"));
        if (!socketMode)
        {
            Assert.EndsWith("/api/slack/commands", Scalar(command, "url"), StringComparison.Ordinal);
            Assert.EndsWith("/api/slack/events", Scalar(Node(root, "settings", "event_subscriptions"), "request_url"), StringComparison.Ordinal);
            Assert.EndsWith("/api/slack/interactions", Scalar(Node(root, "settings", "interactivity"), "request_url"), StringComparison.Ordinal);
        }
    }

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(PolicyYaml.RepositoryFile(Path.Combine("manifests", "slack", file)));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode Node(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlNode node, string key) =>
        ((YamlScalarNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Value!;

    private static IEnumerable<string> Strings(YamlNode node, params string[] path) =>
        ((YamlSequenceNode)Node(node, path)).Children.Cast<YamlScalarNode>().Select(s => s.Value!);
}
