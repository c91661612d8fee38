using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.OnCall;
using SupportBot.Core.Tests.OnCall;

namespace SupportBot.Core.Tests.Engine;

/// <summary>Who the follow-the-sun hand-off summary reaches, and where.</summary>
public sealed class HandoffTests
{
    /// <summary>Monday 08:30 in London: the EMEA manager starts at 09:00.</summary>
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 8, 30);

    [Fact]
    public void The_hand_off_summary_goes_to_the_account_the_policy_lists_and_by_email_to_a_chat_platform_it_lists_none_for()
    {
        var policy = TestPolicy.Create() with
        {
            People = new Contacts([ExampleContacts.Emea],
                [new Role(Actor.ManagersRole, "Managers", [ExampleContacts.Emea.Id], RoleSelection.FollowTheSun, null, null)], []),
        };
        var bot = new EngineDriver(T0, policy, new Desk(TestPolicy.Triage, null) { Platforms = [ChannelKind.Local, ChannelKind.Slack] });
        bot.State.Apply(bot.Engine.Start(T0), T0);

        bot.Now = T0 + Duration.FromMinutes(30);
        var summaries = bot.FireDue().SelectMany(s => s.Outbox).OfType<DirectMessage>().Where(d => d.Message.Template == Cards.Queue).ToList();

        Assert.Equal(["local:manager-2", "slack:email:manager-2@example.com"], summaries.Select(d => d.To.Key).Order(StringComparer.Ordinal));
        Assert.All(summaries, d => Assert.Equal("Example Manager EMEA", d.To.Name));
    }
}
