namespace SupportBot.Core.Policy;

/// <summary>Troubleshooting steps shown to the reporter before a case is opened, for one category.</summary>
public sealed record Deflection(string Category, string Title, IReadOnlyList<string> Steps);
