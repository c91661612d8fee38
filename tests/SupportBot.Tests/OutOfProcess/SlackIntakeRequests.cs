using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Slack.Inbound;
using SupportBot.Tests.Slack.EndToEnd;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.OutOfProcess;

/// <summary>A report taken as far as its preview: the last submission, the one that opens the case, is still to send.</summary>
public sealed record PreparedReport(string Marker, string UserId, FakeView Preview);

/// <summary>
/// Slack's side of an intake against an app in another process: the slash command and the modal's
/// submissions, signed with the signing secret as Slack signs them. Many run at once, so each finds
/// its own modal by the trigger id its command carried.
/// </summary>
public sealed class SlackIntakeRequests(FakeSlack slack, string signingSecret)
{
    /// <summary>
    /// <c>/support marker</c>, then the form answered: the modal now shows the preview with its Submit. On a
    /// loaded machine a modal may miss its trigger's 3 seconds; the person then types the command again.
    /// </summary>
    /// <param name="more">Answers to the policy's other questions, beside the title and description.</param>
    public async Task<PreparedReport> PrepareAsync(
        HttpClient app, string userId, string marker, CancellationToken ct, IReadOnlyDictionary<string, string>? more = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        FakeView? form = null;
        for (var attempt = 1; form is null; attempt++)
        {
            form = await OpenFormAsync(app, userId, marker, ct);
            if (form is null && attempt == 3)
            {
                throw new InvalidOperationException($"/support from {userId} opened no modal, three times.");
            }
        }
        var answers = new Dictionary<string, string>(more ?? new Dictionary<string, string>())
        {
            ["title"] = marker,
            ["description"] = $"{marker}: the wifi is down",
        };
        using var answered = await PostAsync(app, "/api/slack/interactions", SubmissionBody(userId, form, answers), ct);
        Expect(answered, "the form");
        var ack = JsonNode.Parse(await answered.Content.ReadAsStringAsync(ct))?.AsObject();
        if (ack?["response_action"]?.GetValue<string>() != "update" || ack["view"]?["submit"] is null)
        {
            throw new InvalidOperationException($"The form of {userId} did not lead to the preview: {ack?.ToJsonString()}");
        }
        return new PreparedReport(marker, userId, form with { View = ack["view"]!.AsObject() });
    }

    private async Task<FakeView?> OpenFormAsync(HttpClient app, string userId, string marker, CancellationToken ct)
    {
        var trigger = slack.IssueTriggerId();
        var command = new Dictionary<string, string>
        {
            ["team_id"] = FakeSlack.TeamId,
            ["channel_id"] = "D" + userId[1..],
            ["user_id"] = userId,
            ["user_name"] = userId.ToLowerInvariant(),
            ["command"] = "/support",
            ["text"] = marker,
            ["api_app_id"] = FakeSlack.AppId,
            ["trigger_id"] = trigger,
        };
        using var opened = await PostAsync(app, "/api/slack/commands", Form(command), ct);
        Expect(opened, "the command");
        return slack.ViewOpenedBy(trigger);
    }

    /// <summary>The preview's Submit as a new request: each carries a new trigger id, as each click does.</summary>
    public string SubmitBody(PreparedReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return SubmissionBody(report.UserId, report.Preview, new Dictionary<string, string>());
    }

    /// <summary>A POST as Slack makes it: form body, timestamp and v0 signature.</summary>
    public async Task<HttpResponseMessage> PostAsync(HttpClient app, string path, string formBody, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        var bytes = Encoding.UTF8.GetBytes(formBody);
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Compute(bytes, timestamp, signingSecret));
        return await app.SendAsync(request, ct);
    }

    private string SubmissionBody(string userId, FakeView view, IReadOnlyDictionary<string, string> answers) =>
        Form(new Dictionary<string, string>
        {
            ["payload"] = new JsonObject
            {
                ["type"] = "view_submission",
                ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId },
                ["user"] = new JsonObject { ["id"] = userId, ["name"] = userId.ToLowerInvariant(), ["team_id"] = FakeSlack.TeamId },
                ["api_app_id"] = FakeSlack.AppId,
                ["trigger_id"] = slack.IssueTriggerId(),
                ["view"] = SlackDriver.ViewPayload(view, answers),
            }.ToJsonString(),
        });

    private static string Form(Dictionary<string, string> fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    private static void Expect(HttpResponseMessage response, string what)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Slack's request for {what} got {(int)response.StatusCode}.");
        }
    }
}
