using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SupportBot.Local;

/// <summary>
/// Reads a <see cref="LocalEvent"/> from a request body, bounded, and says what is wrong with one that
/// is not (the framework's own binding answers a bare "Bad Request").
/// </summary>
public static class LocalEventBody
{
    /// <summary>An event is a few hundred bytes; a long description stays far below this.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    // A property given twice is ambiguous (who is "user"?): refused, not settled by the last one.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web) { AllowDuplicateProperties = false };

    public static async Task<(LocalEvent? Event, ProblemHttpResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, Problem("Send the event as JSON, with Content-Type: application/json.", StatusCodes.Status415UnsupportedMediaType));
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }
        // A body without a length is cut off at the same limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        try
        {
            return await JsonSerializer.DeserializeAsync<LocalEvent>(request.Body, Options, ct) is { } read
                ? (read, null)
                : (null, Problem("The body is JSON null: send an event object.", StatusCodes.Status400BadRequest));
        }
        catch (JsonException e)
        {
            return (null, Problem($"The body is not an event in JSON: {e.Message}", StatusCodes.Status400BadRequest));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
    }

    private static ProblemHttpResult TooLarge() => Problem("The body is too large: an event is at most 256 KB.", StatusCodes.Status413PayloadTooLarge);

    private static ProblemHttpResult Problem(string detail, int status) => TypedResults.Problem(detail, statusCode: status);
}
