namespace SupportBot.Benchmarks.Intake;

/// <summary>What came back for one request: a 200's body, or why there was none.</summary>
public sealed record Answer(bool Ok, string Text);

/// <summary>One level of a storm: how many requests were kept in flight, and how many were sent in all.</summary>
public sealed record StormLevel(int InFlight, int Requests);

/// <summary>One level's run: the timings, and each request's answer in the order the requests were given.</summary>
public sealed record StormResult(StormLevel Level, LoadResult Load, IReadOnlyList<Answer> Answers)
{
    /// <summary>Throws, naming the first few, when any request got no 200.</summary>
    public void ExpectAllAnswered(string who)
    {
        var failed = Answers.Where(a => !a.Ok).ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException(
                $"{who}: {failed.Count} of {Answers.Count} requests at {Level.InFlight} in flight got no 200, e.g. {string.Join("; ", failed.Take(3).Select(a => a.Text))}");
        }
    }
}

/// <summary>Prepared requests sent once each, <c>inFlight</c> at a time, each timed from send to the end of its answer.</summary>
public static class Storm
{
    public static async Task<StormResult> RunAsync<T>(StormLevel level, IReadOnlyList<T> requests, Func<T, CancellationToken, Task<Answer>> send, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(level);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(send);
        var answers = new Answer[requests.Count];
        var load = await Load.RunAsync(requests.Count, level.InFlight, async (i, c) => (answers[i] = await Send(send, requests[i], c)).Ok, ct);
        return new StormResult(level, load, answers);
    }

    private static async Task<Answer> Send<T>(Func<T, CancellationToken, Task<Answer>> send, T request, CancellationToken ct)
    {
        try
        {
            return await send(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            return new Answer(false, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The answer to a request: its body when 200, else its status and body.</summary>
    public static async Task<Answer> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == System.Net.HttpStatusCode.OK
            ? new Answer(true, body)
            : new Answer(false, $"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
    }
}
