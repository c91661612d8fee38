using SupportBot.Core.Channels;
using SupportBot.Core.Engine;

namespace SupportBot.Core.Tests.Authorization;

/// <summary>What a person gets when they try something: it works, it is refused, or it works on their own cases only.</summary>
public enum Outcome { Allowed, Refused, OwnOnly }

/// <summary>
/// One line of the matrix: a card action or command (<see cref="Verb"/>; commands are "command set" and the like),
/// the situation it is tried in, how each role fares, how to set the scene and try it, and what proves it worked.
/// </summary>
public sealed record AuthzRow(
    string Verb,
    string Situation,
    IReadOnlyDictionary<AuthzRole, Outcome> Expected,
    Action<AuthzScene, UserRef> Prepare,
    Func<AuthzScene, UserRef, EngineStep> Act,
    Func<AuthzScene, UserRef, EngineStep, bool> Worked)
{
    public const string CommandPrefix = "command ";

    /// <summary>Whether the case under test is Severity 1 (else Severity 2).</summary>
    public bool Severity1 { get; init; } = true;

    public override string ToString() => $"{Verb} ({Situation})";
}
