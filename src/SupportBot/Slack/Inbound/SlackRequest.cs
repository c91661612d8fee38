using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// Reads a request from Slack as raw bytes (bounded) and checks its signature before anything
/// else of it is looked at. A request that fails gets 401 with no body and changes nothing.
/// </summary>
public sealed class SlackRequest(IOptions<SlackOptions> options, TimeProvider time)
{
    /// <summary>Modal submissions can be tens of kilobytes; nothing Slack sends comes near this.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task<(byte[]? Body, IResult? Refusal)> ReadVerifiedAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Results.StatusCode(StatusCodes.Status413PayloadTooLarge));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, Results.StatusCode(StatusCodes.Status413PayloadTooLarge));
            }
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.ToArray();
        var secret = options.Value.SigningSecret ?? "";
        var valid = SlackSignature.IsValid(body, request.Headers[SlackSignature.TimestampHeader].FirstOrDefault(),
            request.Headers[SlackSignature.SignatureHeader].FirstOrDefault(), secret, time.GetUtcNow());
        if (valid)
        {
            return (body, null);
        }
        // The app's status code pages would give the 401 a problem document; a refusal tells a forger nothing.
        request.HttpContext.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
        return (null, Results.StatusCode(StatusCodes.Status401Unauthorized));
    }
}
