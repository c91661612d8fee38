namespace SupportBot.Slack;

/// <summary>
/// <c>SupportBot:Slack</c> (environment form <c>SupportBot__Slack__…</c>). Slack switches on when
/// <see cref="BotToken"/> and either <see cref="SigningSecret"/> (HTTP) or <see cref="AppToken"/>
/// (Socket Mode) are set. Tokens and secrets are never logged.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "SupportBot:Slack";

    /// <summary>The bot token (<c>xoxb-…</c>) for every Web API call.</summary>
    public string? BotToken { get; set; }

    /// <summary>Verifies every HTTP request from Slack (v0 HMAC-SHA256).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The app-level token (<c>xapp-…</c>, scope <c>connections:write</c>) for Socket Mode.</summary>
    public string? AppToken { get; set; }

    /// <summary>Receive events over a WebSocket instead of public HTTP endpoints.</summary>
    public bool SocketMode { get; set; }

    /// <summary>The Web API's base address; tests and staging point it elsewhere.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Channel id (C…) of the helpdesk's triage channel.</summary>
    public string? TriageChannel { get; set; }

    /// <summary>Channel id of the managers' channel (reports, exhausted ladders).</summary>
    public string? ManagersChannel { get; set; }

    /// <summary>
    /// The spacing of <c>chat.postMessage</c> calls to one channel; Slack allows about one a second. Only a
    /// stand-in for Slack without that limit (a load or crash test on a loopback fake) has reason to lower it.
    /// </summary>
    public TimeSpan PostInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Team ids whose requests are accepted; empty accepts the one workspace the tokens belong to.</summary>
    public IList<string> AllowedTeams { get; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken)
        && (!string.IsNullOrWhiteSpace(SigningSecret) || !string.IsNullOrWhiteSpace(AppToken));
}
