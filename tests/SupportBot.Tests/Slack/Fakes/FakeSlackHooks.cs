using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>
/// Response URLs under <c>/hooks/</c>: posts are recorded and answered <c>ok</c>; a path starting
/// with <c>redirect</c> answers 302 to <c>/hooks/landing</c>, to prove the client does not follow it.
/// </summary>
public sealed partial class FakeSlack
{
    private readonly List<(string Path, JsonObject Body)> hookPosts = [];

    /// <summary>Response URL posts received under <see cref="HooksBaseUrl"/>: the path after /hooks/ and the body.</summary>
    public IReadOnlyList<(string Path, JsonObject Body)> HookPosts()
    {
        lock (gate)
        {
            return [.. hookPosts];
        }
    }

    private async Task HandleHookAsync(HttpContext context, string path)
    {
        if (path.StartsWith("redirect", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = new Uri(HooksBaseUrl, "landing").AbsoluteUri;
            return;
        }
        using var reader = new StreamReader(context.Request.Body);
        var body = JsonNode.Parse(await reader.ReadToEndAsync()) as JsonObject ?? [];
        lock (gate)
        {
            hookPosts.Add((path, body));
        }
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("ok");
    }
}
