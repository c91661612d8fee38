using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.OnCall;

namespace SupportBot.Core.Tests.OnCall;

/// <summary>Who a platform user is in the policy: the listed account first, else their email.</summary>
public sealed class ContactsTests
{
    private static readonly Person Ana = Someone("ana", "Ana.Lopez@Example.com", ("slack", "U0ANA"));
    private static readonly Person Ben = Someone("ben", "ben@example.com");
    private static readonly Person Shared1 = Someone("desk-1", "desk@example.com");
    private static readonly Person Shared2 = Someone("desk-2", "desk@example.com");
    private static readonly Contacts People = new([Ana, Ben, Shared1, Shared2], [], []);

    [Fact]
    public void The_account_listed_in_the_policy_wins_over_an_email_that_names_someone_else()
    {
        var user = new UserRef(ChannelKind.Slack, "U0ANA", "ana", Email: "ben@example.com");

        Assert.Same(Ana, People.FindByUser(user));
    }

    [Fact]
    public void An_email_finds_the_person_whatever_its_case_when_the_policy_lists_no_account_there()
    {
        Assert.Same(Ben, People.FindByUser(new UserRef(ChannelKind.Teams, "29:ben", "Ben", Email: "BEN@Example.COM")));
        Assert.Same(Ana, People.FindByUser(new UserRef(ChannelKind.Teams, "29:ana", "Ana", Email: " ana.lopez@example.com ")));
    }

    [Fact]
    public void An_email_two_people_share_matches_nobody()
    {
        Assert.Null(People.FindByUser(new UserRef(ChannelKind.Slack, "U0DESK", "desk", Email: "desk@example.com")));
    }

    [Fact]
    public void An_email_does_not_make_another_account_on_the_same_platform_the_person_the_policy_maps()
    {
        // The policy says Ana is U0ANA on Slack: another Slack account with her email is not her.
        Assert.Null(People.FindByUser(new UserRef(ChannelKind.Slack, "U0OTHER", "other", Email: "ana.lopez@example.com")));
    }

    [Fact]
    public void A_user_with_an_unknown_account_and_no_email_is_nobody()
    {
        Assert.Null(People.FindByUser(new UserRef(ChannelKind.Slack, "U0BEN", "ben")));
        Assert.Null(People.FindByUser(new UserRef(ChannelKind.Slack, "U0BEN", "ben", Email: "nobody@example.com")));
    }

    [Fact]
    public void A_person_is_reached_by_account_where_the_policy_lists_one_and_by_email_only_when_no_chat_platform_account_is_listed()
    {
        Assert.Equal("slack:U0ANA", Ana.On(ChannelKind.Slack)!.Key);
        // Mapped on Slack: not guessed on Teams, where they may never have opened a chat with the bot.
        Assert.Null(Ana.On(ChannelKind.Teams));
        var byEmail = Someone("bo", "Bo@Example.com", ("local", "bo")).On(ChannelKind.Teams)!;
        Assert.True(byEmail.IsByEmail);
        Assert.Equal(("teams:email:bo@example.com", "teams:dm:email:bo@example.com"), (byEmail.Key, byEmail.DirectLane));
        // The local workspace has no directory to find anyone in by email.
        Assert.Null(Ana.On(ChannelKind.Local));
        Assert.Null(Someone("cy", null).On(ChannelKind.Slack));
    }

    private static Person Someone(string id, string? email, params (string Platform, string Account)[] accounts) =>
        new(id, id, email, null, DateTimeZone.Utc, accounts.ToDictionary(a => a.Platform, a => a.Account), null);
}
