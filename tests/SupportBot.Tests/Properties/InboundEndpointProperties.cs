using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using SupportBot.Tests.Slack.EndToEnd;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Properties;

/// <summary>
/// The real app's inbound doors (Slack events, commands and interactions, signed; Teams activities from
/// the anonymous Emulator; the local workspace) given junk and near-valid edits of real payloads: each
/// answers with a clear status (2xx, 400, 413, Teams' 501 for an invoke it does not handle), never a 500.
/// </summary>
public sealed class InboundEndpointProperties : IAsyncLifetime
{
    private const int Runs = 60;

    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private FakeEmulator emulator = null!;
    private SlackDriver app = null!;

    public async Task InitializeAsync()
    {
        emulator = await FakeEmulator.StartAsync();
        app = await SlackDriver.StartAsync(Monday10Utc, new Dictionary<string, string?>
        {
            ["SupportBot:Teams:AnonymousEmulator"] = "true",
            ["SupportBot:Local:Enabled"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await emulator.DisposeAsync();
    }

    [Fact]
    public Task Any_body_to_the_Slack_events_door_gets_a_clear_status_never_a_500() =>
        Property.CheckAsync(Bodies(Payloads.SlackEvents()), Runs, async body =>
            Clear(await app.PostSignedAsync("/api/slack/events", "application/json", body)));

    [Fact]
    public Task Any_form_to_the_Slack_commands_door_gets_a_clear_status_never_a_500() =>
        Property.CheckAsync(CommandForms, Runs, async body =>
            Clear(await app.PostSignedAsync("/api/slack/commands", "application/x-www-form-urlencoded", body)));

    [Fact]
    public Task Any_payload_to_the_Slack_interactions_door_gets_a_clear_status_never_a_500() =>
        Property.CheckAsync(Bodies(Payloads.SlackInteractions()).Select(p => "payload=" + Uri.EscapeDataString(p)), Runs, async body =>
            Clear(await app.PostSignedAsync("/api/slack/interactions", "application/x-www-form-urlencoded", body)));

    [Fact]
    public Task Any_activity_to_the_Teams_door_gets_a_clear_status_never_a_500() =>
        Property.CheckAsync(Gen.Constant(0).SelectMany(_ => Bodies(Payloads.TeamsActivities(emulator.ServiceUrl))), Runs, async body =>
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            Clear(await app.Host.Client.PostAsync("/api/messages", content), teams: true);
        });

    [Fact]
    public Task Any_request_to_the_local_workspace_gets_a_clear_status_never_a_500() =>
        Property.CheckAsync(Bodies(Payloads.LocalEvents()), Runs, async body =>
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            Clear(await app.Host.Client.PostAsync("/api/local/events", content));
        });

    [Fact]
    public async Task A_Slack_click_or_a_Teams_activity_with_a_lone_surrogate_escape_is_a_bad_request()
    {
        var click = Payloads.SlackInteractions()[0].ToJsonString().Replace("\"1.2\"", "\"\\ud800\"", StringComparison.Ordinal);
        var activity = Payloads.TeamsActivities(emulator.ServiceUrl)[0].ToJsonString().Replace("status SUP-000042", "\\udc00", StringComparison.Ordinal);
        using var content = new StringContent(activity, Encoding.UTF8, "application/json");

        var slack = await app.PostSignedAsync("/api/slack/interactions", "application/x-www-form-urlencoded", "payload=" + Uri.EscapeDataString(click));
        var teams = await app.Host.Client.PostAsync("/api/messages", content);

        Assert.Equal(HttpStatusCode.BadRequest, slack.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, teams.StatusCode);
    }

    private static void Clear(HttpResponseMessage response, bool teams = false)
    {
        var status = (int)response.StatusCode;
        Assert.True(status < 500 || (teams && response.StatusCode == HttpStatusCode.NotImplemented), $"status {status}");
    }

    /// <summary>Raw junk, deep nesting, lone-surrogate escapes, any JSON object, or a real payload edited.</summary>
    private static Gen<string> Bodies(JsonObject[] real) => Gen.Frequency(
        (1, Junk.Text.Select(Wellformed)),
        (1, Gen.Choose(1, 200).Select(depth => new string('[', depth) + new string(']', depth))),
        (1, Gen.Elements(real).Select(r => r.ToJsonString().Replace("\"1.2\"", "\"\\ud800\"", StringComparison.Ordinal).Replace(":0\"", ":\\udc00\"", StringComparison.Ordinal))),
        (2, Junk.JsonObjects(4).Select(Wire)),
        (5, Junk.NearValid(real).Select(Wire)));

    private static Gen<string> CommandForms =>
        from fields in Gen.SubListOf([.. Payloads.SlackCommand()])
        from changes in Gen.ListOf(Gen.Zip(Junk.Key, Junk.Text)).Resize(4)
        from raw in Gen.Frequency((6, Gen.Constant<string?>(null)), (1, Junk.Text.Select(t => (string?)t)))
        select raw is null
            ? string.Join('&', fields.Concat(changes.Select(c => KeyValuePair.Create(c.Item1, c.Item2)))
                .Select(f => $"{Uri.EscapeDataString(Wellformed(f.Key))}={Uri.EscapeDataString(Wellformed(f.Value))}"))
            : Wellformed(raw);

    /// <summary>JSON text of a node whose strings may hold lone surrogates (which no JSON writer emits).</summary>
    private static string Wire(JsonNode? node) => Clean(node)?.ToJsonString() ?? "null";

    private static JsonNode? Clean(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(Wellformed(p.Key), Clean(p.Value)))
            .DistinctBy(p => p.Key, StringComparer.Ordinal)),
        JsonArray array => new JsonArray([.. array.Select(Clean)]),
        JsonValue value when value.TryGetValue<string>(out var s) => JsonValue.Create(Wellformed(s)),
        _ => node?.DeepClone(),
    };

    private static string Wellformed(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
