using System.Net;

namespace SupportBot.Tests.Corpus;

/// <summary>
/// The bad-input corpus (<c>Corpus/*.json</c>) against every HTTP entry point of the real app: each
/// case gets its expected status and a clear message where the person is told, never a 500, and —
/// unless it is valid — leaves the desk's state exactly as it was (row counts and a hash of cases,
/// their log, timers, intake sessions, desk channels and the outbox, before and after).
/// </summary>
public sealed class BadInputCorpusTests(CorpusRig rig) : IClassFixture<CorpusRig>
{
    public static TheoryData<string, string> Cases => CorpusCase.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_corpus_case_gets_its_status_and_message_never_a_500_and_changes_nothing_unless_valid(string file, string name)
    {
        var c = CorpusCase.Find(file, name);
        await rig.Slack.DeliverAsync();
        var before = rig.Snapshot();
        var ephemerals = rig.Slack.Slack.Calls("chat.postEphemeral").Count;

        var (response, text) = await rig.SendAsync(c);
        var after = rig.Snapshot();

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.True(c.Status == (int)response.StatusCode, $"{name}: expected {c.Status}, got {(int)response.StatusCode} '{Shorten(text)}'");
        var told = c.Answer switch
        {
            "body" => text,
            "ephemeral" => string.Join('\n', rig.Slack.Slack.Calls("chat.postEphemeral").Skip(ephemerals).Select(call => call.Args.ToJsonString())),
            "outbox" => string.Join('\n', after.Outbox.Skip(before.Outbox.Count)),
            "none" => text,
            _ => throw new InvalidDataException($"{name}: answer must be body, ephemeral, outbox or none."),
        };
        if (c.Says is { } template && rig.Expand(template) is var says)
        {
            Assert.True(told.Contains(says, StringComparison.OrdinalIgnoreCase), $"{name}: '{says}' not in '{Shorten(told)}'");
        }
        else
        {
            // Acknowledged and ignored: nothing is said, anywhere.
            Assert.True(told.Length == 0, $"{name}: said '{Shorten(told)}'");
            Assert.Equal(ephemerals, rig.Slack.Slack.Calls("chat.postEphemeral").Count);
        }
        if (c.Changes)
        {
            return;
        }
        if (c.Answer == "outbox")
        {
            // The one message telling the sender why, and nothing else.
            Assert.True(before.Counts["outbox"] + 1 == after.Counts["outbox"],
                $"{name}: {after.Counts["outbox"] - before.Counts["outbox"]} outbox rows added:\n{string.Join('\n', after.Outbox.Skip(before.Outbox.Count))}");
            Assert.Equal(before.Outbox, after.Outbox.Take(before.Outbox.Count));
            Assert.Empty(after.ChangedSince(before, "outbox"));
        }
        else
        {
            Assert.Empty(after.ChangedSince(before));
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
