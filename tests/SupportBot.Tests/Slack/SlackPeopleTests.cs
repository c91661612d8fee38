using Microsoft.Extensions.DependencyInjection;
using SupportBot.Core.Channels;
using SupportBot.People;
using SupportBot.Slack.Inbound;

namespace SupportBot.Tests.Slack;

/// <summary>Who a Slack user is (users.info) before the engine sees their event, and Slack DMs addressed by email.</summary>
public sealed class SlackPeopleTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static MessageReceived Hello(string user) =>
        new($"slack:Ev{Guid.NewGuid():N}", SlackRefs.User(user, null), SlackRefs.Conversation("D0DM"), "hello");

    [Fact]
    public async Task A_senders_email_and_time_zone_come_from_one_users_info_call_per_hour_and_their_account_is_learned()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddUser("U0MIRA", "Mira Jones", "Asia/Tokyo", "Mira@Example.com");
        var people = ActivatorUtilities.CreateInstance<SlackPeople>(rig.Services);

        var first = await people.EnrichAsync(Hello("U0MIRA"), None);
        var second = await people.EnrichAsync(Hello("U0MIRA"), None);

        Assert.Equal(("Mira@Example.com", "Asia/Tokyo"), (first.From.Email, first.From.TimeZone));
        Assert.Equal(first.From, second.From);
        // The email is not part of who the account is.
        Assert.Equal("slack:U0MIRA", first.From.Key);
        Assert.Single(rig.Fake.Calls("users.info"));
        var learned = rig.Services.GetRequiredService<PeopleDirectory>().Find(ChannelKind.Slack, "mira@example.com");
        Assert.Equal(("U0MIRA", "Mira Jones", "T0001"), (learned!.AccountId, learned.Name, learned.Tenant));
    }

    [Fact]
    public async Task Without_the_email_scope_the_event_goes_on_unchanged_and_the_failure_is_logged_once()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddUser("U0MIRA", "Mira Jones", "Asia/Tokyo", "mira@example.com");
        rig.Fake.FailNext("users.info", error: "missing_scope");
        var people = ActivatorUtilities.CreateInstance<SlackPeople>(rig.Services);
        var hello = Hello("U0MIRA");

        Assert.Same(hello, await people.EnrichAsync(hello, None));
        await people.EnrichAsync(Hello("U0MIRA"), None);

        Assert.Single(rig.Fake.Calls("users.info"));
        Assert.Single(rig.Logs.Lines, l => l.Contains("Looking up slack:U0MIRA failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_DM_by_email_goes_to_the_learned_account_without_asking_Slack_and_to_whoever_Slack_finds_otherwise()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddUser("U0MIRA", "Mira Jones", email: "mira@example.com");
        rig.Fake.AddUser("U0OTTO", "Otto", email: "otto@example.com");
        rig.Services.GetRequiredService<PeopleDirectory>().Remember(
            new LearnedAccount(ChannelKind.Slack, "U0MIRA", "mira@example.com", "Mira Jones", null, null, rig.Clock.GetUtcNow()));
        var card = new OutboundMessage("notice", [], "Page");

        var toMira = await rig.Channel.SendDirectAsync(UserRef.ByEmail(ChannelKind.Slack, "MIRA@example.com", "Mira"), card, None);
        var toOtto = await rig.Channel.SendDirectAsync(UserRef.ByEmail(ChannelKind.Slack, "Otto@Example.com", "Otto"), card, None);

        Assert.Equal((rig.Fake.DirectChannelOf("U0MIRA"), rig.Fake.DirectChannelOf("U0OTTO")), (toMira.ConversationId, toOtto.ConversationId));
        var lookup = Assert.Single(rig.Fake.Calls("users.lookupByEmail"));
        Assert.Equal("Otto@Example.com", lookup.Args["email"]!.GetValue<string>());
        var nobody = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.SendDirectAsync(UserRef.ByEmail(ChannelKind.Slack, "zed@example.com", "Zed"), card, None));
        Assert.Equal(ChannelFailure.Permanent, nobody.Kind);
        Assert.StartsWith("Slack: Zed (zed@example.com) has not talked to the bot on Slack yet", nobody.Message, StringComparison.Ordinal);
    }
}
