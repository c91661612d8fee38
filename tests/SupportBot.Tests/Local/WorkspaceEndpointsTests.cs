using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Core.Channels;
using SupportBot.Local;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Local;

/// <summary>The workspace page's files and the API additions it reads, over real HTTP.</summary>
public sealed class WorkspaceEndpointsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-workspace-").FullName;
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(folder, "supportbot.db");

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/workspace", "text/html")]
    [InlineData("/workspace/adaptive-cards.js", "text/javascript")]
    [InlineData("/workspace/workspace.css", "text/css")]
    public async Task The_page_and_its_files_are_served_from_the_app_with_a_strict_content_policy(string path, string type)
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);

        var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/workspace/nothing.js")).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/local/conversations")]
    [InlineData("/api/local/stream")]
    public async Task A_request_for_another_host_name_is_refused_even_from_this_machine(string path)
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "workspace.attacker.example";

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task With_the_local_workspace_switched_off_there_is_no_page_and_no_stream()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock, settings: new Dictionary<string, string?> { ["SupportBot:Local:Enabled"] = "false" });

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/local/stream")).StatusCode);
    }

    [Fact]
    public async Task What_a_person_writes_is_kept_beside_the_bots_card_which_comes_expanded()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        await host.PostAsync(LocalPeople.Say("rita", "the wifi is down"));
        await host.PostAsync(LocalPeople.Command("agent-1", "triage", "status", "SUP-000009"));

        var dm = await host.Client.GetFromJsonAsync<JsonElement>("/api/local/conversations/dm:rita/messages");
        var triage = await host.Client.GetFromJsonAsync<JsonElement>("/api/local/conversations/triage/messages");

        Assert.Equal(2, dm.GetArrayLength());
        Assert.Equal(("rita", "Reporter rita", "the wifi is down"),
            (dm[0].GetProperty("author").GetProperty("id").GetString(), dm[0].GetProperty("author").GetProperty("name").GetString(), dm[0].GetProperty("text").GetString()));
        Assert.Equal(JsonValueKind.Null, dm[0].GetProperty("card").ValueKind);
        Assert.Equal(JsonValueKind.Null, dm[1].GetProperty("author").ValueKind);
        Assert.Equal(("intake", "AdaptiveCard", "1.5"),
            (dm[1].GetProperty("template").GetString(), dm[1].GetProperty("card").GetProperty("type").GetString(), dm[1].GetProperty("card").GetProperty("version").GetString()));
        Assert.Equal("/status SUP-000009", Assert.Single(triage.EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_retried_message_is_kept_once()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        var message = new { id = "evt-7", user = new { id = "rita", name = "Rita" }, conversation = "dm:rita", text = "help" };

        await host.PostAsync(message);
        await host.PostAsync(message);

        Assert.Single(host.Get<LocalChannel>().Messages("dm:rita"), m => m.Author is not null);
    }

    [Fact]
    public async Task Nothing_can_be_said_or_clicked_in_an_archived_channel()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        var local = host.Get<LocalChannel>();
        var bridge = await local.CreateChannelAsync("SUP-000001 bridge", "Severity 1", CancellationToken.None);
        await local.InviteAsync(bridge, [new UserRef(ChannelKind.Local, "agent-1", "Example Agent One")], CancellationToken.None);
        await local.ArchiveAsync(bridge, CancellationToken.None);

        var said = await host.Client.PostAsJsonAsync("/api/local/events", LocalPeople.Command("agent-1", bridge.Id, "help"));
        var clicked = await host.Client.PostAsJsonAsync("/api/local/events", LocalPeople.Click("agent-1", bridge.Id, "case.claim", new() { ["case"] = "x" }));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (said.StatusCode, clicked.StatusCode));
        Assert.Contains("archived", (await said.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(local.Messages(bridge.Id));
        Assert.Equal(0, new HostDb(DatabasePath).Count("SELECT count(*) FROM inbound_events"));
    }

    [Fact]
    public async Task The_people_to_play_are_the_policys_people_with_a_local_account_and_their_roles()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);

        var people = await host.Client.GetFromJsonAsync<JsonElement>("/api/local/people");

        var agent = people.EnumerateArray().First();
        Assert.Equal(("agent-1", "Example Agent One"), (agent.GetProperty("id").GetString(), agent.GetProperty("name").GetString()));
        Assert.Equal(["Helpdesk agents (L1)"], agent.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains(people.EnumerateArray(), p => p.GetProperty("id").GetString() == "manager-2");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalising connection is cleaned up with the temp folder.
        }
    }
}
