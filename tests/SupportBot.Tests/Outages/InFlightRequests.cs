using Microsoft.Extensions.DependencyInjection;

namespace SupportBot.Tests.Outages;

/// <summary>
/// Counts the app's outgoing requests on a named HttpClient from send to answer: with the fake's own
/// count, what tells a test that no request is on its way, so stepping the clock cannot land mid-request.
/// </summary>
public sealed class InFlightRequests
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public void Register(IServiceCollection services, string clientName) =>
        services.AddHttpClient(clientName).AddHttpMessageHandler(() => new Counting(this));

    private sealed class Counting(InFlightRequests owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner.count);
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref owner.count);
            }
        }
    }
}
