using Microsoft.Extensions.Logging;

namespace SupportBot.Teams.Auth;

/// <summary>
/// Path C (teams-protocol.md §2.4): with no app ID configured, as in Microsoft's SDK, a request with
/// no <c>Authorization</c> header is accepted, but only the Bot Framework Emulator on this machine
/// can be it: the request must come from a loopback address, not through a proxy, and its activity
/// must name a loopback serviceUrl, because replies go there without a token. It is an explicit
/// opt-in (<see cref="TeamsOptions.AnonymousEmulator"/>); once an app ID is set, nothing is anonymous.
/// </summary>
public static partial class TeamsAnonymousAccess
{
    // A reverse proxy on this machine makes every caller look like loopback; these say one is in between.
    private static readonly string[] ProxyHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP"];

    public static TeamsAuthResult Check(TeamsOptions settings, HttpRequest request, string serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(request);
        if (settings.Enabled)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.MissingToken, "An app ID is configured, so every request needs a token.");
        }

        if (!settings.AnonymousEmulator)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.NotConfigured, "Neither an app ID nor the anonymous Emulator mode is configured.");
        }

        if (request.Headers.ContainsKey("Authorization"))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.NotConfigured, "A token arrived, but no app ID is configured to check it against.");
        }

        if (request.HttpContext.Connection.RemoteIpAddress is not { } remote || !TeamsServiceUrl.IsLoopback(remote)
            || ProxyHeaders.Any(request.Headers.ContainsKey))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.NotLoopback, "Anonymous requests are accepted from this machine only, not through a proxy.");
        }

        if (!TeamsServiceUrl.IsLoopback(serviceUrl))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.ServiceUrlNotLoopback, "An anonymous activity must name a serviceUrl on this machine.");
        }

        return TeamsAuthResult.Success(TeamsAuthPath.Anonymous, null, null, serviceUrl);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No Teams AppId is configured: /api/messages accepts unauthenticated activities for the Bot Framework Emulator, from loopback addresses naming a loopback serviceUrl only")]
    public static partial void LogAnonymousMode(ILogger logger);
}
