using System.Net.ServerSentEvents;

namespace SupportBot.Tests.Local;

/// <summary>A client of <c>GET /api/local/stream</c>, read with .NET's own Server-Sent Events parser.</summary>
public sealed class LiveUpdatesClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly HttpResponseMessage response;
    private readonly CancellationTokenSource closing = new();
    private readonly IAsyncEnumerator<SseItem<string>> items;

    private LiveUpdatesClient(HttpResponseMessage response, Stream body)
    {
        this.response = response;
        items = SseParser.Create(body).EnumerateAsync(closing.Token).GetAsyncEnumerator(closing.Token);
    }

    public HttpResponseMessage Response => response;

    /// <param name="lastEventId">Sent as the browser does when it reconnects.</param>
    /// <param name="query">A query string, for a page that reopens the stream itself.</param>
    public static async Task<LiveUpdatesClient> OpenAsync(HttpClient client, string? lastEventId = null, string query = "")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/local/stream" + query);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new LiveUpdatesClient(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event; fails the test if none comes within ten seconds.</summary>
    public async Task<SseItem<string>> NextAsync()
    {
        Assert.True(await items.MoveNextAsync().AsTask().WaitAsync(Patience), "the stream ended");
        return items.Current;
    }

    /// <summary>Whether the server ends the stream within ten seconds.</summary>
    public async Task<bool> EndsAsync()
    {
        try
        {
            while (await items.MoveNextAsync().AsTask().WaitAsync(Patience))
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (HttpRequestException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        try
        {
            await items.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // Closing the stream while a read waits cancels that read.
        }
        response.Dispose();
        closing.Dispose();
    }
}
