using System.Text.Json.Nodes;

namespace SupportBot.Local;

/// <summary>
/// A message in the local workspace, as the web page renders it: the bot's template and data (or its
/// text), or what a person wrote (<see cref="Author"/> set, no template).
/// </summary>
public sealed record LocalMessage(
    long Id,
    string ConversationId,
    string Template,
    JsonObject Data,
    string Text,
    bool Pinned,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    LocalUser? Author = null);
