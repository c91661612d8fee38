namespace SupportBot.Teams.Auth;

/// <summary>How an inbound request was authenticated (teams-protocol.md §2.1), logged for every request.</summary>
public enum TeamsAuthPath
{
    /// <summary>Path A: a Bot Connector token (<c>https://api.botframework.com</c>), bound to the activity by endorsement and <c>serviceurl</c>.</summary>
    BotConnector,

    /// <summary>Path B: an Entra-issued token from the configured tenant (or the Emulator when allowed), bound to an allowed caller app.</summary>
    Entra,

    /// <summary>Path C: no token at all, from the Bot Framework Emulator on this machine while no app id is configured.</summary>
    Anonymous,
}
