using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.People;
using SupportBot.Slack.Api;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// Fills in who a Slack user is before the engine sees their event: their email and time zone from
/// users.info, at most one call per user per hour (<see cref="ProfileCache"/>), and the account in
/// the directory of learned accounts when Slack gives an email. Requests must be acknowledged within
/// 3 seconds, so the call gets one second; without an answer the event goes on without the email.
/// </summary>
public sealed class SlackPeople(SlackApiClient api, ProfileCache cache, PeopleDirectory directory, TimeProvider time)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    public async Task<InboundEvent> EnrichAsync(InboundEvent inbound, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var user = inbound.From;
        if (user.Channel != ChannelKind.Slack || user.Id.Length == 0)
        {
            return inbound;
        }
        var profile = await cache.GetAsync($"slack:{user.Id}", MaxWait, t => LookUpAsync(user, t), ct).ConfigureAwait(false);
        return profile is null
            ? inbound
            : inbound with { From = user with { Email = profile.Email ?? user.Email, TimeZone = profile.TimeZone ?? user.TimeZone } };
    }

    /// <summary>https://docs.slack.dev/reference/methods/users.info</summary>
    private async Task<PlatformProfile> LookUpAsync(UserRef user, CancellationToken ct)
    {
        JsonObject answer;
        try
        {
            answer = await api.CallAsync("users.info", new JsonObject { ["user"] = user.Id }, ct).ConfigureAwait(false);
        }
        catch (SlackApiException ex)
        {
            throw ex.ToChannelException();
        }
        var profile = SlackRefs.Profile(answer["user"]);
        if (profile.Email is { } email)
        {
            var name = SlackRefs.Text(answer["user"].Get("real_name")) ?? user.Name;
            directory.Remember(new LearnedAccount(ChannelKind.Slack, user.Id, email, name, null, SlackRefs.Text(answer["user"].Get("team_id")), time.GetUtcNow()));
        }
        return profile;
    }
}
