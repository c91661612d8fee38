using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>What <c>$data</c>, <c>$root</c> and <c>$index</c> mean at one point of an expansion.</summary>
internal readonly record struct TemplateScope(JsonNode? Data, JsonNode? Root, int? Index);
