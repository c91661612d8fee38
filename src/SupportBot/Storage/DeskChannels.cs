using System.Data.Common;
using Dapper;
using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;

namespace SupportBot.Storage;

/// <summary>The <c>desk_channels</c> table: one row per role, replaced by each registration made in chat.</summary>
public static class DeskChannels
{
    /// <summary>Inside the step's transaction, so a registration is committed with the rest of the step or not at all.</summary>
    public static void Write(DbConnection connection, DbTransaction transaction, IEnumerable<DeskRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        foreach (var r in registrations)
        {
            connection.Execute(
                """
                INSERT INTO desk_channels (role, platform, conversation_id, service_url, set_by, set_by_name, set_at)
                VALUES (@Role, @Platform, @Conversation, @Address, @SetBy, @SetByName, @SetAt)
                ON CONFLICT (role) DO UPDATE SET platform = excluded.platform, conversation_id = excluded.conversation_id,
                    service_url = excluded.service_url, set_by = excluded.set_by, set_by_name = excluded.set_by_name, set_at = excluded.set_at
                """,
                new
                {
                    Role = r.Role.Id(),
                    Platform = r.Channel.Channel.Id(),
                    Conversation = r.Channel.Id,
                    r.Channel.Address,
                    SetBy = r.SetBy.Key,
                    SetByName = r.SetBy.Name,
                    SetAt = r.SetAt.ToUnixTimeMilliseconds(),
                },
                transaction);
        }
    }

    public static IReadOnlyList<DeskRegistration> Read(DbConnection connection) =>
        connection.Query<Row>(
            "SELECT role AS Role, platform AS Platform, conversation_id AS Conversation, service_url AS Address, " +
            "set_by AS SetBy, set_by_name AS SetByName, set_at AS SetAt FROM desk_channels ORDER BY set_at")
            .Select(r => r.ToRegistration()).ToList();

    private sealed record Row(string Role, string Platform, string Conversation, string? Address, string SetBy, string SetByName, long SetAt)
    {
        public DeskRegistration ToRegistration()
        {
            var platform = ChannelKinds.Parse(Platform);
            // The user key is "<platform>:<id>"; the id is what follows the first colon.
            var userPlatform = SetBy[..SetBy.IndexOf(':', StringComparison.Ordinal)];
            var user = new UserRef(ChannelKinds.Parse(userPlatform), SetBy[(userPlatform.Length + 1)..], SetByName);
            return new DeskRegistration(DeskRoles.Parse(Role), new ConversationRef(platform, Conversation, false, Address), user, Instant.FromUnixTimeMilliseconds(SetAt));
        }
    }
}
