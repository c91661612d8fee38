using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Tests.Teams.Fakes;

/// <summary>
/// The fake Connector's Teams context API (teams-protocol.md §5.2): <c>GET v3/teams/{id}</c> (id, name,
/// aadGroupId) and <c>GET v3/teams/{id}/conversations</c> (General with no name), behind the same token
/// and injected failures as the conversations API. A team's channels are conversations the bot can post to.
/// </summary>
public sealed partial class FakeConnector
{
    private readonly Dictionary<string, FakeTeam> teams = new(StringComparer.Ordinal);

    /// <summary>A team the bot is in: General (the team's own id) and the named channels.</summary>
    public void AddTeam(string teamId, string name, string aadGroupId, params (string Id, string Name)[] channels)
    {
        lock (gate)
        {
            teams[teamId] = new FakeTeam(name, aadGroupId, [(teamId, null), .. channels.Select(c => (c.Id, (string?)c.Name))]);
            conversations.TryAdd(teamId, []);
            foreach (var (id, _) in channels)
            {
                conversations.TryAdd(id, []);
            }
        }
    }

    private void MapTeams(WebApplication app)
    {
        app.MapGet("/v3/teams/{team}", (HttpContext ctx, string team) => TeamAsync(ctx, "team", team));
        app.MapGet("/v3/teams/{team}/conversations", (HttpContext ctx, string team) => TeamAsync(ctx, "channels", team));
    }

    private async Task TeamAsync(HttpContext context, string operation, string teamId)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        Failure? failure = null;
        bool authorized;
        FakeTeam? team;
        lock (gate)
        {
            authorized = auth.StartsWith("Bearer ", StringComparison.Ordinal) && validTokens.Contains(auth["Bearer ".Length..]);
            if (authorized && failures.Count > 0)
            {
                failure = failures.Dequeue();
            }
            requests.Add(new FakeRequest(operation, context.Request.Method, context.Request.Path, teamId, null, [], authorized, failure?.Status));
            team = teams.GetValueOrDefault(teamId);
        }
        if (!authorized)
        {
            await WriteAsync(context, 401, Error("Unauthorized", "Authorization has been denied for this request."));
            return;
        }
        if (failure is not null)
        {
            await WriteAsync(context, failure.Status, FailureBody(failure));
            return;
        }
        if (team is null)
        {
            await WriteAsync(context, 404, Error("NotFound", "Team not found."));
            return;
        }
        await WriteAsync(context, 200, operation == "team"
            ? new JsonObject { ["id"] = teamId, ["name"] = team.Name, ["aadGroupId"] = team.AadGroupId }
            : new JsonObject
            {
                ["conversations"] = new JsonArray(team.Channels.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name }).ToArray()),
            });
    }

    private sealed record FakeTeam(string Name, string AadGroupId, IReadOnlyList<(string Id, string? Name)> Channels);
}
