using System.Text.Json.Nodes;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>users.info and users.lookupByEmail: a user object with the profile's email (the bot token has users:read.email).</summary>
public sealed partial class FakeSlack
{
    private JsonObject UsersInfo(JsonObject args)
    {
        if (Text(args, "user") is not { } id || !users.TryGetValue(id, out var user))
        {
            return Error("user_not_found");
        }
        return Ok(new JsonObject { ["user"] = UserJson(user) });
    }

    /// <summary>Slack matches the address whatever its case; nobody with it is <c>users_not_found</c>.</summary>
    private JsonObject LookupByEmail(JsonObject args)
    {
        var email = Text(args, "email");
        var user = email is null ? null : users.Values.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
        return user is null ? Error("users_not_found") : Ok(new JsonObject { ["user"] = UserJson(user) });
    }

    private static JsonObject UserJson(FakeUser user)
    {
        var profile = new JsonObject { ["display_name"] = user.Name, ["real_name"] = user.Name };
        if (user.Email is not null)
        {
            profile["email"] = user.Email;
        }
        return new JsonObject
        {
            ["id"] = user.Id,
            ["team_id"] = TeamId,
            ["name"] = user.Name,
            ["real_name"] = user.Name,
            ["tz"] = user.TimeZone,
            ["is_bot"] = user.Id == BotUserId,
            ["profile"] = profile,
        };
    }
}
