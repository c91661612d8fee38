using NodaTime;
using SupportBot.Core.Channels;

namespace SupportBot.Core.Engine;

/// <summary>
/// <c>set triage</c>, <c>set bridges</c>, <c>set managers</c>, <c>set admins</c> typed in a channel: a manager or an admin
/// makes that channel the desk's for the role. The registration is part of the step, so it is stored in
/// the step's transaction; anyone else is told they may not, and nothing changes.
/// </summary>
public sealed class DeskSteps(EngineParts parts)
{
    public const string Greeting =
        "Hello! Report a problem to me in a personal chat. A manager or an admin can mention me with set triage in the channel " +
        "where new cases should be posted, and set bridges in the channel Severity 1 incident bridges should be opened from.";

    public EngineStep Set(Actor actor, InboundEvent e, string args, Instant now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(e);
        if (!actor.IsManager)
        {
            return EngineStep.Replying(InteractionReply.Notice("Only a manager or an admin can set the desk's channels."));
        }
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 1 || DeskRoles.Find(words[0]) is not { } role)
        {
            return EngineStep.Replying(InteractionReply.Notice("Say which channel this is: set triage, set bridges, set managers or set admins."));
        }
        if (e.Conversation.IsDirect)
        {
            return EngineStep.Replying(InteractionReply.Notice($"Type set {role.Id()} in the channel you want to use, not in a direct message."));
        }
        var before = parts.Desk.Channel(role);
        var same = before is not null && before.Channel == e.Conversation.Channel && before.Id == e.Conversation.Id;
        // Recorded again even when unchanged: the registration keeps the address the channel was last reached at.
        var step = EngineStep.Replying(InteractionReply.Notice(same
            ? $"This channel already is {role.Purpose()}."
            : $"This channel is now {role.Purpose()}." + (before is null ? "" : $" It replaces {Describe(before)}.")));
        step.DeskChanges.Add(new DeskRegistration(role, e.Conversation, actor.User with { Name = actor.Name }, now));
        if (!same)
        {
            step.Outbox.Add(new PostMessage(e.Conversation, CardData.Notice("SupportBot", $"{actor.Name} made this channel {role.Purpose()}."), null));
        }
        return step;
    }

    /// <summary>For admins: <c>status</c> with no case shows where the desk's channels are.</summary>
    public EngineStep Status() => EngineStep.Replying(InteractionReply.Message(
        CardData.Notice("Desk channels", string.Join("; ", Channels().Select(c => $"{c.Role}: {c.Where}")))));

    public IEnumerable<(string Role, string Where)> Channels()
    {
        var desk = parts.Desk;
        return DeskRoles.All.Select(r => (Title(r), desk.Channel(r) is { } c ? Describe(c)
            : r == DeskRole.Admins && desk.Managers is { } managers ? $"not set: the managers' {Describe(managers)} is used" : "not set"));
    }

    private static string Title(DeskRole role) => role switch
    {
        DeskRole.Triage => "Triage",
        DeskRole.Bridges => "Bridges",
        DeskRole.Admins => "Admins",
        _ => "Managers",
    };

    private static string Describe(ConversationRef c) => $"{c.Channel.Id()} channel {c.Id}";
}
