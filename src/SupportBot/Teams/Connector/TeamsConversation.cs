namespace SupportBot.Teams.Connector;

/// <summary>
/// The answer to create-conversation: the conversation id, and for a new channel thread also the id
/// of its first activity (and sometimes a different service URL to use from then on).
/// </summary>
public sealed record TeamsConversation(string Id, string? ActivityId, string? ServiceUrl);
