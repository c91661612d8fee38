using System.Text.Json.Nodes;

namespace SupportBot.Local;

/// <summary>A bot message in the local workspace, as the web page renders it: template and data, or the text.</summary>
public sealed record LocalMessage(
    long Id,
    string ConversationId,
    string Template,
    JsonObject Data,
    string Text,
    bool Pinned,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
