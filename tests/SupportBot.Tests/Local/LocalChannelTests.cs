using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Local;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Local;

/// <summary>The local workspace's store on each provider; a second channel on the same database stands for another instance.</summary>
public sealed class LocalChannelTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ConversationRef Triage = new(ChannelKind.Local, "triage", IsDirect: false);
    private readonly TestClock clock = new(T0);
    private TestDatabase? db;

    public void Dispose() => db?.Dispose();

    private LocalChannel Open(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        var local = new LocalChannel(db.Database, clock);
        local.EnsureConversationAsync(Triage.Id, "Triage", isDirect: false, None).GetAwaiter().GetResult();
        return local;
    }

    private static OutboundMessage Card(string template, string text) => new(template, new JsonObject { ["case"] = "SUP-000042", ["text"] = text }, text);

    [Theory, SqliteData, PostgresData]
    public async Task A_posted_message_is_stored_and_an_update_replaces_its_card_in_place(StorageProvider provider)
    {
        var local = Open(provider);
        var posted = await local.PostAsync(Triage, Card("case-opened", "New case"), None);
        clock.Advance(TimeSpan.FromMinutes(2));
        await local.UpdateAsync(posted, Card("case-claimed", "Claimed by Ann"), None);

        var message = Assert.Single(local.Messages(Triage.Id));
        Assert.Equal(new MessageRef(ChannelKind.Local, Triage.Id, message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), posted);
        Assert.Equal(("case-claimed", "Claimed by Ann", "SUP-000042"), (message.Template, message.Text, (string?)message.Data["case"]));
        Assert.Equal((T0, T0.AddMinutes(2)), (message.CreatedAt, message.UpdatedAt));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_direct_message_creates_the_persons_conversation_on_first_use_and_reuses_it(StorageProvider provider)
    {
        var local = Open(provider);
        var ann = new UserRef(ChannelKind.Local, "ann", "Ann");

        var first = await local.SendDirectAsync(ann, Card("case-received", "We got it"), None);
        var second = await local.SendDirectAsync(ann, Card("case-update", "Update"), None);

        Assert.Equal(("dm:ann", "dm:ann"), (first.ConversationId, second.ConversationId));
        var dm = local.Conversation("dm:ann");
        Assert.NotNull(dm);
        Assert.Equal((true, "Ann", false), (dm.IsDirect, dm.Name, dm.Archived));
        Assert.Equal(["ann"], dm.Members);
        Assert.Equal(["We got it", "Update"], local.Messages("dm:ann").Select(m => m.Text));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_created_channel_takes_its_id_from_the_name_with_a_suffix_when_taken(StorageProvider provider)
    {
        var local = Open(provider);
        var first = await local.CreateChannelAsync("SUP-000042: VPN down!", "Severity 1", None);
        var second = await local.CreateChannelAsync("sup-000042 vpn down", "Severity 1", None);
        var third = await local.CreateChannelAsync("SUP 000042 VPN down", "Severity 1", None);

        Assert.Equal(["sup-000042-vpn-down", "sup-000042-vpn-down-2", "sup-000042-vpn-down-3"], new[] { first.Id, second.Id, third.Id });
        Assert.Equal(new ConversationRef(ChannelKind.Local, "sup-000042-vpn-down", IsDirect: false), first);
        Assert.Equal(("SUP-000042: VPN down!", "Severity 1"), (local.Conversation(first.Id)?.Name, local.Conversation(first.Id)?.Topic));
        Assert.Equal("channel", LocalChannelNames.Slug("  ¡¿  "));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Inviting_pinning_and_archiving_show_in_the_read_api_and_may_be_repeated(StorageProvider provider)
    {
        var local = Open(provider);
        var bridge = await local.CreateChannelAsync("bridge", "Severity 1", None);
        var ann = new UserRef(ChannelKind.Local, "ann", "Ann");
        var bob = new UserRef(ChannelKind.Local, "bob", "Bob");
        var status = await local.PostAsync(bridge, Card("bridge-status", "Investigating"), None);

        await local.InviteAsync(bridge, [ann, bob], None);
        await local.InviteAsync(bridge, [ann], None);
        await local.PinAsync(status, None);
        await local.PinAsync(status, None);
        await local.ArchiveAsync(bridge, None);
        await local.ArchiveAsync(bridge, None);

        var conversation = local.Conversation(bridge.Id);
        Assert.NotNull(conversation);
        Assert.Equal(["ann", "bob"], conversation.Members);
        Assert.True(conversation.Archived);
        Assert.True(Assert.Single(local.Messages(bridge.Id)).Pinned);
        Assert.Contains(local.Conversations(), c => c.Id == bridge.Id);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Posting_updating_or_inviting_in_an_archived_channel_fails_permanently(StorageProvider provider)
    {
        var local = Open(provider);
        var bridge = await local.CreateChannelAsync("bridge", "Severity 1", None);
        var status = await local.PostAsync(bridge, Card("bridge-status", "Investigating"), None);
        await local.ArchiveAsync(bridge, None);

        var failures = new[]
        {
            await Assert.ThrowsAsync<ChannelException>(() => local.PostAsync(bridge, Card("notice", "Late"), None)),
            await Assert.ThrowsAsync<ChannelException>(() => local.UpdateAsync(status, Card("bridge-status", "Resolved"), None)),
            await Assert.ThrowsAsync<ChannelException>(() => local.InviteAsync(bridge, [new UserRef(ChannelKind.Local, "cy", "Cy")], None)),
        };

        Assert.All(failures, e => Assert.Equal((ChannelFailure.Permanent, "channel is archived"), (e.Kind, e.Message)));
        Assert.Equal("Investigating", Assert.Single(local.Messages(bridge.Id)).Text);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Unknown_conversations_and_messages_fail_permanently(StorageProvider provider)
    {
        var local = Open(provider);
        var nowhere = new ConversationRef(ChannelKind.Local, "nowhere", IsDirect: false);
        var posted = await local.PostAsync(Triage, Card("notice", "Hello"), None);

        var failures = new[]
        {
            await Assert.ThrowsAsync<ChannelException>(() => local.PostAsync(nowhere, Card("notice", "Hi"), None)),
            await Assert.ThrowsAsync<ChannelException>(() => local.InviteAsync(nowhere, [], None)),
            await Assert.ThrowsAsync<ChannelException>(() => local.ArchiveAsync(nowhere, None)),
            await Assert.ThrowsAsync<ChannelException>(() => local.UpdateAsync(posted with { MessageId = "999" }, Card("notice", "Hi"), None)),
            await Assert.ThrowsAsync<ChannelException>(() => local.PinAsync(posted with { MessageId = "not-a-number" }, None)),
            await Assert.ThrowsAsync<ChannelException>(() => local.PinAsync(posted with { ConversationId = "dm:someone" }, None)),
            await Assert.ThrowsAsync<ChannelException>(() => local.PostAsync(Triage with { Channel = ChannelKind.Slack }, Card("notice", "Hi"), None)),
            await Assert.ThrowsAsync<ChannelException>(() => local.SendDirectAsync(new UserRef(ChannelKind.Teams, "29:x", "X"), Card("notice", "Hi"), None)),
        };

        Assert.All(failures, e => Assert.Equal(ChannelFailure.Permanent, e.Kind));
        Assert.Null(local.Conversation("nowhere"));
        Assert.Empty(local.Messages("nowhere"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Channels_named_alike_created_at_once_on_two_instances_get_different_ids(StorageProvider provider)
    {
        var here = Open(provider);
        var there = new LocalChannel(db!.OpenAnother(), clock);

        var created = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            (i % 2 == 0 ? here : there).CreateChannelAsync("SUP-000042: VPN down", "Severity 1", None))));

        Assert.Equal(10, created.Select(c => c.Id).Distinct().Count());
        Assert.Contains(created, c => c.Id == "sup-000042-vpn-down");
        Assert.Equal(11, here.Conversations().Count);
    }
}
