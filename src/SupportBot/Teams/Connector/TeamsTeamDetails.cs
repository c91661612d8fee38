namespace SupportBot.Teams.Connector;

/// <summary>A team as the Connector describes it: its id (the General channel's), name and Entra group id.</summary>
public sealed record TeamsTeamDetails(string Id, string? Name, string? AadGroupId);

/// <summary>One of a team's channels; General's name is null.</summary>
public sealed record TeamsTeamChannel(string Id, string? Name);
