namespace SupportBot.Tests.OutOfProcess;

/// <summary>Work over many items with at most <c>inFlight</c> running at once; results in the items' order.</summary>
public static class Throttled
{
    public static async Task<TResult[]> SelectAsync<TItem, TResult>(
        IEnumerable<TItem> items, int inFlight, Func<TItem, int, Task<TResult>> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(work);
        using var gate = new SemaphoreSlim(inFlight);
        return await Task.WhenAll(items.Select(async (item, i) =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await work(item, i);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
