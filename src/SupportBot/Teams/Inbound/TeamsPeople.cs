using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.People;
using SupportBot.Teams.Connector;

namespace SupportBot.Teams.Inbound;

/// <summary>
/// Fills in the email of a Teams user before the engine sees their activity, from the Connector's
/// member lookup (<c>email</c>, else <c>userPrincipalName</c>), at most one call per user per hour
/// (<see cref="ProfileCache"/>), and writes the account (its <c>29:</c> id, service URL and tenant: what
/// a proactive chat needs) to the directory of learned accounts. A lookup that fails or is slow leaves
/// the activity without an email; it never holds up the answer.
/// </summary>
public sealed class TeamsPeople(TeamsConnectorClient connector, ProfileCache cache, PeopleDirectory directory, TimeProvider time)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    public async Task<InboundEvent> EnrichAsync(JsonObject activity, InboundEvent inbound, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(inbound);
        var user = inbound.From;
        if (user.Channel != ChannelKind.Teams || user.Id.Length == 0 || string.IsNullOrEmpty(user.Address))
        {
            return inbound;
        }
        // In a team's channel the member is looked up in the team; elsewhere in the conversation itself.
        var where = JsonText.NonEmpty(activity["channelData"].Get("team").Get("id")) ?? inbound.Conversation.Id;
        var tenant = JsonText.NonEmpty(activity["channelData"].Get("tenant").Get("id")) ?? JsonText.NonEmpty(activity["conversation"].Get("tenantId"));
        var profile = await cache.GetAsync($"teams:{user.Id}", MaxWait, t => LookUpAsync(user, where, tenant, t), ct).ConfigureAwait(false);
        return profile?.Email is { } email ? inbound with { From = user with { Email = email } } : inbound;
    }

    private async Task<PlatformProfile> LookUpAsync(UserRef user, string conversation, string? tenant, CancellationToken ct)
    {
        var member = await connector.GetMemberAsync(user.Address!, conversation, user.Id, ct).ConfigureAwait(false);
        var email = JsonText.NonEmpty(member["email"]) ?? JsonText.NonEmpty(member["userPrincipalName"]);
        if (email is not null)
        {
            directory.Remember(new LearnedAccount(ChannelKind.Teams, user.Id, email, JsonText.NonEmpty(member["name"]) ?? user.Name,
                user.Address, JsonText.NonEmpty(member["tenantId"]) ?? tenant, time.GetUtcNow()));
        }
        return new PlatformProfile(email, null);
    }
}
