using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// What a clicked button or a submitted modal means: the card action's verb (<c>case.claim</c>) and its data
/// (<c>{"case": "c-0001"}</c>). The data came back from Slack, so treat it as untrusted input.
/// </summary>
public sealed record SlackAction(string Verb, JsonObject Data);
