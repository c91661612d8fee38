namespace SupportBot.Core.OnCall;

/// <summary>
/// A role filled by people. <see cref="Selection"/> says how one person is chosen at paging time:
/// everyone, follow-the-sun (whose working hours cover now) or a rota; <see cref="Fallback"/> is the
/// role tried when nobody is on duty.
/// </summary>
public sealed record Role(string Id, string Name, IReadOnlyList<string> Members, RoleSelection Selection, string? RotaId, string? Fallback);

public enum RoleSelection { All, FollowTheSun, Rota }
