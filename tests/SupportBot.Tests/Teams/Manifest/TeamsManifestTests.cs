using System.Text.Json;
using SupportBot.Core.Engine;
using SupportBot.Core.Simulation;
using SupportBot.Teams.AppPackage;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Teams.Manifest;

/// <summary>manifests/teams/manifest.json, filled in as the package command fills it.</summary>
public sealed class TeamsManifestTests
{
    internal static readonly Guid AppId = Guid.Parse("6f1c2a4e-9b3d-4c8e-a1f0-2d5e7b9c0a13");
    internal const string Domain = "supportbot.example.com";

    private static readonly string Folder = PolicyYaml.RepositoryFile("manifests/teams");

    internal static string Filled() => TeamsAppPackage.Fill(File.ReadAllText(Path.Combine(Folder, "manifest.json")), AppId, Domain);

    [Fact]
    public void The_filled_manifest_validates_against_the_committed_schema()
    {
        using var manifest = JsonDocument.Parse(Filled());

        Assert.Empty(TeamsAppPackage.Schema.Validate(manifest.RootElement));
        Assert.Empty(TeamsAppPackage.Check(Filled(), name => File.ReadAllBytes(Path.Combine(Folder, name))));
    }

    [Fact]
    public void The_manifest_declares_the_schema_version_it_is_validated_against()
    {
        using var manifest = JsonDocument.Parse(Filled());
        var root = manifest.RootElement;

        Assert.Equal(TeamsAppPackage.SchemaVersion, root.GetProperty("manifestVersion").GetString());
        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{TeamsAppPackage.SchemaVersion}/MicrosoftTeams.schema.json",
            root.GetProperty("$schema").GetString());
        var schemaFile = PolicyYaml.RepositoryFile($"manifests/teams/schema/MicrosoftTeams.v{TeamsAppPackage.SchemaVersion}.schema.json");
        using var schema = JsonDocument.Parse(File.ReadAllText(schemaFile));
        Assert.Equal(TeamsAppPackage.SchemaVersion, schema.RootElement.GetProperty("properties").GetProperty("manifestVersion").GetProperty("const").GetString());
    }

    [Fact]
    public void The_app_id_is_the_id_and_the_bot_id_and_the_domain_is_the_valid_domain()
    {
        using var manifest = JsonDocument.Parse(Filled());
        var root = manifest.RootElement;
        var bot = Assert.Single(root.GetProperty("bots").EnumerateArray());

        Assert.Equal(AppId.ToString(), root.GetProperty("id").GetString());
        Assert.Equal(AppId.ToString(), bot.GetProperty("botId").GetString());
        Assert.Equal([Domain], root.GetProperty("validDomains").EnumerateArray().Select(d => d.GetString()));
        Assert.DoesNotContain(root.EnumerateObject(), p => p.Name == "webApplicationInfo");
    }

    [Fact]
    public void The_bot_takes_input_in_personal_chat_and_teams_and_declares_channel_features_for_the_team_scope()
    {
        using var manifest = JsonDocument.Parse(Filled());
        var bot = manifest.RootElement.GetProperty("bots")[0];

        Assert.Equal(["personal", "team"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.False(bot.GetProperty("supportsFiles").GetBoolean());
        Assert.False(bot.GetProperty("isNotificationOnly").GetBoolean());
        // Not in the schema: Teams refuses a v1.25+ manifest with the team scope without it.
        Assert.Equal("tier1", manifest.RootElement.GetProperty("supportsChannelFeatures").GetString());
    }

    [Fact]
    public void The_command_lists_name_exactly_the_commands_the_engine_knows_plus_the_team_settings()
    {
        var engine = new ConversationEngine(PolicyYaml.Valid(PolicyYaml.Minimal), Simulator.Desk);
        var verbs = engine.Commands.Select(c => c.Usage.Split(' ')[0]).ToList();
        using var manifest = JsonDocument.Parse(Filled());
        var lists = manifest.RootElement.GetProperty("bots")[0].GetProperty("commandLists").EnumerateArray()
            .ToDictionary(l => string.Join(",", l.GetProperty("scopes").EnumerateArray().Select(s => s.GetString())),
                l => l.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("title").GetString()!).ToList());

        Assert.Equal(["help", "report", "queue", "status", "escalate", "set", "privacy"], verbs);
        // set names a channel, so it is only offered in one; privacy is for admins, who type it, so it is offered to no one.
        Assert.Equal(verbs.Where(v => v is not "set" and not "privacy").Order(StringComparer.Ordinal), lists["personal"].Order(StringComparer.Ordinal));
        // In a channel a report starts from a personal chat, so the team list trades it for the channel settings.
        Assert.Equal([.. verbs.Where(v => v is not "report" and not "set" and not "privacy"), "set triage", "set bridges", "set managers"], lists["team"]);
        Assert.All(manifest.RootElement.GetProperty("bots")[0].GetProperty("commandLists").EnumerateArray()
            .SelectMany(l => l.GetProperty("commands").EnumerateArray()),
            c => Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("description").GetString())));
    }

    [Fact]
    public void A_manifest_that_breaks_the_schema_lists_every_problem()
    {
        var broken = Filled().Replace("\"#2B6CB0\"", "\"blue\"", StringComparison.Ordinal)
            .Replace("\"personal\", \"team\"", "\"personal\", \"team\", \"groupchat\"", StringComparison.Ordinal);

        var problems = TeamsAppPackage.Check(broken, name => File.ReadAllBytes(Path.Combine(Folder, name)));

        Assert.Contains("manifest.json /accentColor: \"blue\" does not match ^#[0-9a-fA-F]{6}$", problems);
        Assert.Contains(problems, p => p.StartsWith("manifest.json /bots/0/scopes/2: \"groupchat\" is not one of", StringComparison.Ordinal));
    }
}
