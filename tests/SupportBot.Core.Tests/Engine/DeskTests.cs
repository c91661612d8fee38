using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.OnCall;

namespace SupportBot.Core.Tests.Engine;

/// <summary><c>set triage|bridges|managers|admins</c> in a channel, and the desk that results.</summary>
public sealed class DeskTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private static readonly ConversationRef Ops = new(ChannelKind.Local, "ops", false);

    private readonly RegisteredDesk desk = new(TestPolicy.Desk);
    private readonly EngineDriver bot;

    public DeskTests() => bot = new EngineDriver(T0, TestPolicy.Create(), desk);

    [Fact]
    public void A_manager_setting_triage_in_a_channel_registers_it_announces_it_there_and_the_next_case_is_posted_there()
    {
        var step = Set(TestPolicy.Manager, "triage", Ops);

        var registration = Assert.Single(step.DeskChanges);
        Assert.Equal(new DeskRegistration(DeskRole.Triage, Ops, TestPolicy.Manager, T0), registration);
        Assert.Equal("This channel is now the triage channel: each new case's card is posted here. It replaces local channel triage.", step.Reply!.Text);
        var announcement = Assert.IsType<PostMessage>(Assert.Single(step.Outbox));
        Assert.Equal(Ops, announcement.To);
        Assert.Contains("Max Manager made this channel the triage channel", announcement.Message.Text, StringComparison.Ordinal);

        desk.Apply(step);
        var opened = bot.ReportSeverity1();

        Assert.Contains(opened.Outbox, o => o is PostMessage p && p.To == Ops && p.MessageKey == bot.State.OnlyCase.TriageMessageKey);
        Assert.DoesNotContain(opened.Outbox, o => o is PostMessage p && p.To == TestPolicy.Triage);
    }

    [Fact]
    public void Set_admins_registers_the_channel_for_policy_warnings_and_without_it_they_go_to_the_managers_channel()
    {
        Assert.Equal(TestPolicy.Desk.Managers, desk.Current.AdminsOrManagers);

        var step = Set(TestPolicy.Manager, "admins", Ops);
        desk.Apply(step);

        Assert.Equal(new DeskRegistration(DeskRole.Admins, Ops, TestPolicy.Manager, T0), Assert.Single(step.DeskChanges));
        Assert.StartsWith("This channel is now the admins' channel: the daily policy warnings", step.Reply!.Text, StringComparison.Ordinal);
        Assert.Equal((Ops, TestPolicy.Desk.Managers), (desk.Current.AdminsOrManagers, desk.Current.Managers));
    }

    [Fact]
    public void Someone_who_is_not_a_manager_is_told_only_that_they_may_not_and_nothing_changes()
    {
        var step = Set(TestPolicy.Agent, "triage", TestPolicy.Triage);

        Assert.Equal((ReplyKind.Notice, "Only a manager or an admin can set the desk's channels."), (step.Reply!.Kind, step.Reply.Text));
        Assert.False(step.ChangesState);
    }

    [Theory]
    [InlineData("", "Say which channel this is: set triage, set bridges, set managers or set admins.")]
    [InlineData("everything", "Say which channel this is: set triage, set bridges, set managers or set admins.")]
    [InlineData("triage now", "Say which channel this is: set triage, set bridges, set managers or set admins.")]
    public void A_missing_or_unknown_role_is_explained_and_changes_nothing(string args, string told)
    {
        var step = Set(TestPolicy.Manager, args, Ops);

        Assert.Equal(told, step.Reply!.Text);
        Assert.False(step.ChangesState);
    }

    [Fact]
    public void Set_in_a_direct_message_is_refused_because_it_names_no_channel()
    {
        var step = Set(TestPolicy.Manager, "bridges", EngineDriver.Dm(TestPolicy.Manager));

        Assert.Equal("Type set bridges in the channel you want to use, not in a direct message.", step.Reply!.Text);
        Assert.False(step.ChangesState);
    }

    [Fact]
    public void Setting_the_channel_that_already_has_the_role_keeps_it_without_a_new_announcement()
    {
        var step = Set(TestPolicy.Manager, "TRIAGE", TestPolicy.Triage);

        Assert.Equal("This channel already is the triage channel: each new case's card is posted here.", step.Reply!.Text);
        Assert.Single(step.DeskChanges);
        Assert.Empty(step.Outbox);
    }

    [Fact]
    public void A_bridges_channel_on_another_platform_makes_bridges_open_there()
    {
        var teams = new ConversationRef(ChannelKind.Teams, "19:bridges@thread.tacv2", false, "https://smba.trafficmanager.net/emea/");
        desk.Apply(Set(new UserRef(ChannelKind.Local, "manager-1", "Max Manager"), "bridges", Ops));
        Assert.Equal(ChannelKind.Local, desk.Current.BridgePlatform(ChannelKind.Slack));

        var moved = desk.Current.With([new DeskRegistration(DeskRole.Bridges, teams, TestPolicy.Manager, T0)]);

        Assert.Equal((ChannelKind.Teams, teams), (moved.BridgePlatform(ChannelKind.Local), moved.Bridges));
        Assert.Equal(TestPolicy.Triage, moved.Triage);
    }

    [Fact]
    public void Help_shows_the_desk_channels_to_admins_and_only_the_commands_to_everyone_else()
    {
        var policy = TestPolicy.Create();
        policy = policy with { People = policy.People with { Roles = [.. policy.People.Roles, new Role(Actor.AdminsRole, "Admins", ["manager-1"], RoleSelection.All, null, null)] } };
        var admin = new EngineDriver(T0, policy, desk);

        var forAdmin = admin.Say(TestPolicy.Manager, "help").Reply!.Card!.Data["desk"]!.AsArray();
        var forAgent = admin.Say(TestPolicy.Agent, "help").Reply!.Card!.Data["desk"]!.AsArray();
        var status = admin.Say(TestPolicy.Manager, "status").Reply!.Card!;

        Assert.Equal(["Triage: local channel triage", "Bridges: not set", "Managers: not set", "Admins: not set"],
            forAdmin.Select(f => $"{f!["title"]}: {f["value"]}"));
        Assert.Empty(forAgent);
        Assert.Equal("Triage: local channel triage; Bridges: not set; Managers: not set; Admins: not set", status.Data["text"]!.GetValue<string>());
        Assert.Contains(admin.Engine.Commands, c => c.Usage == "set triage|bridges|managers|admins");
    }

    [Fact]
    public void The_bot_added_to_a_channel_greets_it_with_how_to_set_triage_and_bridges()
    {
        var step = bot.Engine.Handle(new MembersAdded("e1", TestPolicy.Manager, Ops, [], BotAdded: true), bot.State, T0);

        var intro = step.Reply!.Card!.Data["intro"]!.GetValue<string>();
        Assert.Contains("set triage", intro, StringComparison.Ordinal);
        Assert.Contains("set bridges", intro, StringComparison.Ordinal);
    }

    private EngineStep Set(UserRef who, string args, ConversationRef where) =>
        bot.Engine.Handle(new CommandInvoked($"e-{Guid.NewGuid():N}", who, where, "set", args), bot.State, bot.Now);

    /// <summary>The desk with each step's registrations laid over it, as the host's store-backed source does.</summary>
    private sealed class RegisteredDesk(Desk configured) : IDeskSource
    {
        private readonly List<DeskRegistration> registrations = [];

        public Desk Current => configured.With(registrations);

        public void Apply(EngineStep step) => registrations.AddRange(step.DeskChanges);
    }
}
