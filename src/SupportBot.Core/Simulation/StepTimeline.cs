using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Simulation;

/// <summary>
/// Reads an engine step as timeline lines: its case events, then the messages it sends, in order.
/// Edits of messages already sent (the triage card, the bridge's status card, pages losing their
/// buttons) and pins are left out: they tell nobody anything new.
/// </summary>
public sealed class StepTimeline(SupportPolicy policy, Desk desk)
{
    private readonly Dictionary<string, string> bridgeNames = [];

    public IEnumerable<TimelineEntry> Describe(EngineStep step, Instant now)
    {
        ArgumentNullException.ThrowIfNull(step);
        var lines = new List<TimelineEntry>();
        foreach (var e in step.Cases.SelectMany(c => c.Events))
        {
            lines.Add(new TimelineEntry(e.At, TimelineSource.Event, e.Type, Who(e), e.Summary));
        }
        foreach (var op in step.Outbox)
        {
            if (Describe(op) is { } line)
            {
                lines.Add(new TimelineEntry(now, TimelineSource.Message, line.Kind, line.Who, line.Summary));
            }
        }
        return lines;
    }

    /// <summary>The people a page went to; otherwise the person who acted (nobody for the bot's own events).</summary>
    private string Who(CaseEvent e) =>
        e.Type == "paged" && e.Data.TryGetValue("people", out var ids)
            ? string.Join(", ", ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => policy.People.Find(id)?.Name ?? id))
            : e.ActorKey == CaseEvent.System ? "" : e.ActorName;

    private (string Kind, string Who, string Summary)? Describe(Outgoing op)
    {
        switch (op)
        {
            case DirectMessage dm:
                return (dm.Message.Template == Cards.Page ? "page" : "dm", dm.To.Name, dm.Message.Text);
            case PostMessage post:
                return (ChannelKind(post.To), "#" + post.To.Id, post.Message.Text);
            case CreateChannel create:
                bridgeNames[create.ChannelKey] = "#" + create.Name;
                return ("bridge-create", "#" + create.Name, create.Topic);
            case InviteToChannel invite:
                return ("bridge-invite", string.Join(", ", invite.Users.Select(u => u.Name)), $"Invited to {Bridge(invite.ChannelKey)}.");
            case PostToChannel post:
                return ("bridge-post", Bridge(post.ChannelKey), post.Message.Text);
            case ArchiveChannel archive:
                return ("bridge-archive", Bridge(archive.ChannelKey), $"Archived {Bridge(archive.ChannelKey)}.");
            default:
                return null;
        }
    }

    private string ChannelKind(ConversationRef to) =>
        to == desk.Triage ? "triage-post" : to == desk.Managers ? "managers-post" : "channel-post";

    private string Bridge(string key) => bridgeNames.GetValueOrDefault(key, "the bridge");
}
