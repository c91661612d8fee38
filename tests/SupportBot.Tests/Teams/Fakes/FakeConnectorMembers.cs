using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Tests.Teams.Fakes;

/// <summary>
/// "Get one member" (GET v3/conversations/{id}/members/{userId}) over the people a test adds: their
/// TeamsChannelAccount, or 404 MemberNotFoundInConversation. Behind the same token and failures as
/// the rest of the fake, and recorded as a "member" request.
/// </summary>
public sealed partial class FakeConnector
{
    private readonly Dictionary<string, JsonObject> members = new(StringComparer.Ordinal);

    /// <summary>A person in the tenant, known to every conversation; no email leaves only the user principal name.</summary>
    public void AddMember(string id, string name, string? email, string? userPrincipalName = null)
    {
        var account = new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["aadObjectId"] = Guid.NewGuid().ToString(),
            ["userPrincipalName"] = userPrincipalName ?? email,
            ["tenantId"] = TenantId,
            ["userRole"] = "user",
        };
        if (email is not null)
        {
            account["email"] = email;
        }
        lock (gate)
        {
            members[id] = account;
        }
    }

    private async Task GetMemberAsync(HttpContext context, string conversation, string member)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        Failure? failure = null;
        JsonObject? account;
        bool authorized;
        lock (gate)
        {
            authorized = auth.StartsWith("Bearer ", StringComparison.Ordinal) && validTokens.Contains(auth["Bearer ".Length..]);
            if (authorized && failures.Count > 0)
            {
                failure = failures.Dequeue();
            }
            account = members.GetValueOrDefault(member)?.DeepClone().AsObject();
            requests.Add(new FakeRequest("member", context.Request.Method, context.Request.Path, conversation, null, [], authorized, failure?.Status));
        }
        if (!authorized)
        {
            await WriteAsync(context, 401, Error("Unauthorized", "Authorization has been denied for this request."));
        }
        else if (failure is not null)
        {
            await WriteAsync(context, failure.Status, FailureBody(failure));
        }
        else if (account is null)
        {
            await WriteAsync(context, 404, Error("MemberNotFoundInConversation", "The member was not found in the conversation."));
        }
        else
        {
            await WriteAsync(context, 200, account);
        }
    }
}
