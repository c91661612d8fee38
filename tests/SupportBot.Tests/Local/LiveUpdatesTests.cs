using System.Text.Json;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Local;

/// <summary>The workspace page's live stream over real HTTP: pushed changes, reconnection, restarts and shutdown.</summary>
public sealed class LiveUpdatesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-live-").FullName;
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(folder, "supportbot.db");

    [Fact]
    public async Task A_new_stream_says_hello_then_pushes_each_change_with_what_it_now_is()
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        await using var stream = await LiveUpdatesClient.OpenAsync(host.Client);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var hello = await stream.NextAsync();

        await host.PostAsync(LocalPeople.Say("rita", "the wifi is down"));

        Assert.Equal("hello", hello.EventType);
        Assert.Equal(hello.EventId, Json(hello).GetProperty("cursor").GetString());
        var conversation = await stream.NextAsync();
        var said = await stream.NextAsync();
        var card = await stream.NextAsync();
        Assert.Equal(("conversation", "dm:rita"), (conversation.EventType, Json(conversation).GetProperty("id").GetString()));
        Assert.Equal(("message", "rita", "the wifi is down"),
            (said.EventType, Json(said).GetProperty("author").GetProperty("id").GetString(), Json(said).GetProperty("text").GetString()));
        Assert.Equal(("message", "intake", "AdaptiveCard"),
            (card.EventType, Json(card).GetProperty("template").GetString(), Json(card).GetProperty("card").GetProperty("type").GetString()));
        Assert.NotEqual(said.EventId, card.EventId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stream_reopened_from_its_last_event_gets_what_changed_while_it_was_away(bool asHeader)
    {
        await using var host = await TestHost.StartAsync(DatabasePath, clock);
        string cursor;
        await using (var first = await LiveUpdatesClient.OpenAsync(host.Client))
        {
            cursor = (await first.NextAsync()).EventId!;
        }

        await host.PostAsync(LocalPeople.Say("rita", "anyone there?"));
        await using var again = asHeader
            ? await LiveUpdatesClient.OpenAsync(host.Client, lastEventId: cursor)
            : await LiveUpdatesClient.OpenAsync(host.Client, query: "?after=" + Uri.EscapeDataString(cursor));

        var missed = new[] { await again.NextAsync(), await again.NextAsync(), await again.NextAsync() };
        Assert.Equal(["conversation", "message", "message"], missed.Select(e => e.EventType));
        Assert.Equal("anyone there?", Json(missed[1]).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_stream_reopened_after_a_restart_is_told_to_reload_as_its_cursor_means_nothing_any_more()
    {
        string cursor;
        await using (var before = await TestHost.StartAsync(DatabasePath, clock))
        {
            await using var stream = await LiveUpdatesClient.OpenAsync(before.Client);
            cursor = (await stream.NextAsync()).EventId!;
        }
        await using var host = await TestHost.StartAsync(DatabasePath, clock);

        await using var again = await LiveUpdatesClient.OpenAsync(host.Client, lastEventId: cursor);
        var reset = await again.NextAsync();
        await host.PostAsync(LocalPeople.Say("rita", "back again"));

        Assert.Equal("reset", reset.EventType);
        Assert.NotEqual(cursor, reset.EventId);
        Assert.Equal("conversation", (await again.NextAsync()).EventType);
    }

    [Fact]
    public async Task Open_streams_end_when_the_host_stops_so_that_it_stops_promptly()
    {
        var host = await TestHost.StartAsync(DatabasePath, clock);
        await using var stream = await LiveUpdatesClient.OpenAsync(host.Client);
        await stream.NextAsync();

        var stopping = TimeProvider.System.GetTimestamp();
        await host.DisposeAsync();

        Assert.True(TimeProvider.System.GetElapsedTime(stopping) < TimeSpan.FromSeconds(5), "the host waited for the open stream");
        Assert.True(await stream.EndsAsync());
    }

    private static JsonElement Json(System.Net.ServerSentEvents.SseItem<string> item) => JsonDocument.Parse(item.Data).RootElement;

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalising connection is cleaned up with the temp folder.
        }
    }
}
