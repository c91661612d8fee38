using SupportBot.Core.Channels;
using SupportBot.Core.Privacy;

namespace SupportBot.Core.Engine;

/// <summary>
/// <c>privacy export|erase &lt;person&gt;</c>: admins only, answered to the admin alone. An erase is
/// first explained and done only when repeated with <c>confirm</c>. The work itself is the store's,
/// in the step's transaction (<see cref="EngineStep.Privacy"/>), which also writes the reply.
/// </summary>
public static class PrivacySteps
{
    public static EngineStep Handle(Actor actor, InboundEvent e, string args)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(e);
        if (!actor.IsAdmin)
        {
            return EngineStep.Replying(InteractionReply.Notice("Only an admin of the desk can export or erase a person's data."));
        }
        if (PrivacyCommand.Parse(args, e.From.Channel, out var error) is not { } parsed)
        {
            return EngineStep.Replying(InteractionReply.Notice(error));
        }
        if (parsed.Action == PrivacyAction.Erase && !parsed.Confirmed)
        {
            return EngineStep.Replying(InteractionReply.Notice(
                $"This replaces {parsed.Subject}'s name, email and everything they wrote with {PrivacyRequest.Tombstone} wherever SupportBot keeps it, " +
                "and forgets their intake and their accounts; case numbers, times and ratings stay. It cannot be undone. " +
                $"To go ahead, type: privacy erase {parsed.Subject} confirm"));
        }
        return new EngineStep { Privacy = new PrivacyRequest(parsed.Action, parsed.Subject, actor.User.Key, actor.Name) };
    }
}
