using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Local;
using SupportBot.Tests.Outbox;

namespace SupportBot.Tests.Local;

/// <summary>Every committed change to the local workspace is published once for the page's live stream.</summary>
public sealed class LocalChannelFeedTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly OutboxFixture f = new();
    private readonly LocalChannel local;

    public LocalChannelFeedTests() => local = new LocalChannel(f.Database, f.Clock);

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task Each_change_is_published_once_and_what_changes_nothing_is_not()
    {
        var ann = new UserRef(ChannelKind.Local, "ann", "Ann");
        var start = local.Feed.Cursor;
        var card = new OutboundMessage("notice", new JsonObject { ["title"] = "Hi", ["text"] = "there" }, "Hi");

        await local.EnsureConversationAsync("triage", "triage", false, None);
        await local.EnsureConversationAsync("triage", "triage", false, None);
        var posted = await local.PostAsync(new ConversationRef(ChannelKind.Local, "triage", false), card, None);
        await local.UpdateAsync(posted, card, None);
        await local.PinAsync(posted, None);
        var said = await local.AddPersonMessageAsync("triage", ann, "hello", None);
        var direct = await local.SendDirectAsync(ann, card, None);
        var again = await local.SendDirectAsync(ann, card, None);
        var bridge = await local.CreateChannelAsync("Bridge", "Severity 1", None);
        await local.InviteAsync(bridge, [ann], None);
        await local.InviteAsync(bridge, [ann], None);
        await local.ArchiveAsync(bridge, None);
        await local.ArchiveAsync(bridge, None);

        var id = long.Parse(posted.MessageId, System.Globalization.CultureInfo.InvariantCulture);
        LocalChange[] expected =
        [
            LocalChange.Conversation("triage"),
            LocalChange.Message("triage", id), LocalChange.Message("triage", id), LocalChange.Message("triage", id),
            LocalChange.Message("triage", said),
            LocalChange.Conversation("dm:ann"), LocalChange.Message("dm:ann", Id(direct)),
            LocalChange.Message("dm:ann", Id(again)),
            LocalChange.Conversation(bridge.Id), LocalChange.Conversation(bridge.Id), LocalChange.Conversation(bridge.Id),
        ];
        Assert.Equal(expected, local.Feed.After(start).Changes!.Select(c => c.Change));
        Assert.Equal(("ann", "Ann", "hello"), local.Message(said) is { Author: { } a } m ? (a.Id, a.Name, m.Text) : default);
    }

    private static long Id(MessageRef message) => long.Parse(message.MessageId, System.Globalization.CultureInfo.InvariantCulture);
}
