using System.Text.Json.Nodes;

namespace SupportBot.Local.Web;

/// <summary>
/// A message as the workspace page gets it: the stored message plus, for the bot's messages, the
/// expanded Adaptive Card that Teams would get (or why it could not be expanded).
/// </summary>
public sealed record LocalMessageView(
    long Id,
    string ConversationId,
    string Template,
    JsonObject Data,
    string Text,
    bool Pinned,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    LocalUser? Author,
    JsonObject? Card,
    string? CardError);
