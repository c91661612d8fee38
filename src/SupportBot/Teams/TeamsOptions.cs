namespace SupportBot.Teams;

/// <summary>
/// <c>SupportBot:Teams</c> (environment form <c>SupportBot__Teams__…</c>). Teams switches on when
/// <see cref="AppId"/> is set. Secrets are never logged.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "SupportBot:Teams";

    /// <summary>The bot's Microsoft App ID (Entra application id): the audience of inbound tokens and the client id of outbound ones.</summary>
    public string? AppId { get; set; }

    /// <summary>The app's client secret for outbound (client-credentials) tokens.</summary>
    public string? AppPassword { get; set; }

    /// <summary>A certificate instead of the password: a PFX file path (and its password in <see cref="CertificatePassword"/>).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Single-tenant bots: the tenant id. Empty for multi-tenant (tokens from <c>botframework.com</c>).</summary>
    public string? TenantId { get; set; }

    /// <summary>Where the Bot Connector's signing keys are described.</summary>
    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    /// <summary>
    /// Where Entra's signing keys are described, for Entra-issued tokens (path B: single-tenant traffic,
    /// the Emulator with an app id). Default: the v2.0 document of <see cref="TenantId"/>, or the
    /// <c>common</c> one for a multi-tenant bot.
    /// </summary>
    public Uri? EntraOpenIdMetadataUrl { get; set; }

    /// <summary>
    /// The Entra authority: issuer of v2.0 tokens (<c>{authority}{tenant}/v2.0</c>) and host of the
    /// default <see cref="EntraOpenIdMetadataUrl"/>. Change it only for another cloud.
    /// </summary>
    public Uri EntraAuthority { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>The issuer prefix of Entra v1.0 tokens (<c>{prefix}{tenant}/</c>). Change it only for another cloud.</summary>
    public Uri EntraV1Issuer { get; set; } = new("https://sts.windows.net/");

    /// <summary>
    /// Apps besides this bot whose Entra-issued tokens are accepted (their <c>appid</c> / <c>azp</c>),
    /// e.g. a bot that calls this one. The bot's own <see cref="AppId"/> is always accepted.
    /// </summary>
    public IList<string> AllowedCallerAppIds { get; } = [];

    /// <summary>
    /// Accept tokens the Bot Framework Emulator obtains with this bot's credentials (issued by
    /// Microsoft's Emulator tenants, <see cref="EmulatorTenants"/>). Off by default: a production bot
    /// accepts Entra tokens from its own tenant only.
    /// </summary>
    public bool AllowEmulator { get; set; }

    /// <summary>The Emulator's issuing tenants; empty means Microsoft's public-cloud two (SDK <c>EmulatorValidation</c>).</summary>
    public IList<string> EmulatorTenants { get; } = [];

    /// <summary>The token endpoint for outbound tokens; default from <see cref="TenantId"/> (or botframework.com).</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>
    /// Service URLs the bot will call (prefixes, e.g. <c>https://smba.trafficmanager.net/</c>); an
    /// activity naming another is refused, so a forged serviceUrl cannot make the bot send its token elsewhere.
    /// </summary>
    public IList<string> AllowedServiceUrls { get; } = [];

    /// <summary>Tenant ids whose activities are accepted; empty accepts any tenant.</summary>
    public IList<string> AllowedTenants { get; } = [];

    /// <summary>The triage channel's conversation id (<c>19:…@thread.tacv2</c>), or empty to register one with <c>set triage</c>.</summary>
    public string? TriageChannel { get; set; }

    /// <summary>The channel where Severity 1 bridges start as new threads when Graph is not configured, or <c>set bridges</c> from chat.</summary>
    public string? BridgesChannel { get; set; }

    /// <summary>The service URL to reach the configured channels (the one Teams sent with their activities).</summary>
    public string? ServiceUrl { get; set; }

    public TeamsGraphOptions Graph { get; set; } = new();

    /// <summary>
    /// Space Connector calls to stay within Teams' documented limits (<see cref="Connector.TeamsSendPacer"/>)
    /// instead of learning them from 429s. On by default; tests on a clock that never moves turn it off.
    /// </summary>
    public bool PaceSends { get; set; } = true;

    /// <summary>
    /// Whether Teams is configured. Without an app id the endpoint serves only the Bot Framework
    /// Emulator on this machine, anonymously (see <c>TeamsAnonymousAccess</c>), and Teams is not one of the desk's platforms.
    /// </summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>
    /// Serve the Bot Framework Emulator on this machine without a token when no <see cref="AppId"/> is
    /// set. Off unless asked for: <c>appsettings.Development.json</c> (what <c>dotnet run</c> uses) turns
    /// it on, so a production install without Teams never has an unauthenticated endpoint.
    /// </summary>
    public bool AnonymousEmulator { get; set; }

    /// <summary>The anonymous loopback mode is on: no app id, and asked for.</summary>
    public bool Anonymous => !Enabled && AnonymousEmulator;
}

/// <summary>
/// Microsoft Graph for bridge channels (application permissions Channel.Create, and ChannelSettings.ReadWrite.All
/// to archive them): on when <see cref="TeamId"/> is set or <see cref="Enabled"/> is true.
/// </summary>
public sealed class TeamsGraphOptions
{
    /// <summary>The team (its Entra group id) to create bridge channels in.</summary>
    public string? TeamId { get; set; }

    /// <summary>Without <see cref="TeamId"/>: create them in the team that holds the bridges channel (its remembered group id).</summary>
    public bool Enabled { get; set; }

    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0/");

    /// <summary>Where Graph tokens come from; default the tenant's token endpoint (Graph needs <see cref="TeamsOptions.TenantId"/>).</summary>
    public Uri? TokenEndpoint { get; set; }

    public bool IsOn => Enabled || !string.IsNullOrWhiteSpace(TeamId);
}
