using SupportBot.Local;

namespace SupportBot.Tests.Local;

public sealed class LocalFeedTests
{
    [Fact]
    public void Changes_after_a_cursor_come_in_order_each_with_its_own_cursor()
    {
        var feed = new LocalFeed();
        var start = feed.Cursor;
        feed.Publish(LocalChange.Conversation("triage"));
        feed.Publish(LocalChange.Message("triage", 7));

        var (changes, _) = feed.After(start);

        Assert.NotNull(changes);
        Assert.Equal([LocalChange.Conversation("triage"), LocalChange.Message("triage", 7)], changes.Select(c => c.Change));
        Assert.Equal(feed.Cursor, changes[^1].Cursor);
        Assert.Empty(feed.After(feed.Cursor).Changes!);
    }

    [Fact]
    public void A_cursor_from_before_what_is_kept_from_another_process_or_made_up_cannot_be_continued()
    {
        var feed = new LocalFeed();
        var start = feed.Cursor;
        var kept = "";
        for (var i = 0; i <= LocalFeed.Capacity; i++)
        {
            kept = i == 1 ? feed.Cursor : kept;
            feed.Publish(LocalChange.Message("triage", i));
        }

        Assert.Null(feed.After(start).Changes);
        Assert.Equal(LocalFeed.Capacity, feed.After(kept).Changes!.Count);
        Assert.Null(feed.After(new LocalFeed().Cursor).Changes);
        Assert.Null(feed.After("not-a-cursor").Changes);
        Assert.Null(feed.After(null).Changes);
    }

    [Fact]
    public async Task The_next_task_completes_when_something_is_published_and_not_before()
    {
        var feed = new LocalFeed();
        var (_, next) = feed.After(feed.Cursor);
        Assert.False(next.IsCompleted);

        feed.Publish(LocalChange.Conversation("managers"));

        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
