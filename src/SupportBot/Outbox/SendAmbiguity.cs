using System.Net;

namespace SupportBot.Outbox;

/// <summary>
/// Whether a failed platform call may still have been performed, for <see cref="Core.Channels.ChannelException.Ambiguous"/>.
/// Only a failure to reach the platform at all (no name, no connection, no TLS, no proxy tunnel)
/// proves the request never left; a timeout or a connection that broke later might have come after
/// the platform acted. Of the answered statuses, 502 and 504 are a gateway saying the platform
/// behind it did not answer in time or properly: it may have acted. 500 and 503 are the platform's
/// own refusals, which both platforms document as retryable, so they count as not performed.
/// </summary>
public static class SendAmbiguity
{
    public static bool AfterSending(Exception failure) => failure switch
    {
        HttpRequestException
        {
            HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
        } => false,
        _ => true,
    };

    public static bool OfStatus(HttpStatusCode status) => status is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;
}
