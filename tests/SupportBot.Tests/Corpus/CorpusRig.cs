using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupportBot.Slack.Inbound;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.EndToEnd;
using SupportBot.Tests.Teams.EndToEnd;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Corpus;

/// <summary>
/// The real app with every door open at once — Slack over HTTP, Teams, the local workspace and the
/// dashboard (with an admin token) — on a loopback port with a SQLite file, against the loopback
/// Slack, Bot Connector and identity provider; and one open case (reported by <c>rita</c> in the
/// local workspace, its card in the Slack triage channel) for the corpus to aim at. Sends a corpus
/// case signed, with a valid token, or with the admin token as its door needs.
/// </summary>
public sealed partial class CorpusRig : IAsyncLifetime
{
    public const string AdminToken = "corpus-admin-token-4f1c2b7e9a";
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public TeamsDriver Teams { get; private set; } = null!;

    public SlackDriver Slack { get; private set; } = null!;

    public string CaseId { get; private set; } = "";

    public string CaseNumber { get; private set; } = "";

    public string TriageTs { get; private set; } = "";

    public string RitaDm { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Teams = await TeamsDriver.StartAsync(new TestClock(Monday10Utc));
        var settings = Teams.Settings(withTriage: false);
        settings["SupportBot:Local:Enabled"] = "true";
        settings["SupportBot:Dashboard:AdminToken"] = AdminToken;
        Slack = await SlackDriver.StartAsync(Monday10Utc, settings, services: Teams.TrustIdentity);
        Slack.Slack.AddUser("U0OTHER", "olga");
        // Rita writes to the bot in her DM with it, which must exist for the bot's answers there to be delivered.
        RitaDm = Slack.Slack.OpenDirect("U0RITA");
        Teams.Client = Slack.Host.Client;
        await LocalPeople.ReportAsync(Slack.Host, "rita", "Wifi down in Paris");
        await Slack.DeliverAsync();
        CaseId = Slack.Db.Text("SELECT id FROM cases")!;
        CaseNumber = Slack.Db.Text("SELECT number FROM cases")!;
        TriageTs = Assert.Single(Slack.Slack.Messages(Slack.Triage)).Ts;
    }

    public async Task DisposeAsync()
    {
        await Slack.DisposeAsync();
        await Teams.DisposeAsync();
    }

    public DeskSnapshot Snapshot() => DeskSnapshot.Take(Slack.DatabaseFile);

    /// <summary>Sends the case as its door expects it to arrive; the response and its body text.</summary>
    public async Task<(HttpResponseMessage Response, string Text)> SendAsync(CorpusCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var (bytes, contentType) = Body(c);
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), Expand(c.Path));
        if (bytes is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }
        switch (c.Auth ?? DefaultAuth(c.Path))
        {
            case "slack":
                var timestamp = Slack.Timestamp();
                request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
                request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Compute(bytes ?? [], timestamp, SlackDriver.SigningSecret));
                break;
            case "teams":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Teams.Identity.Mint(FakeConnector.AppId, Teams.Connector.ServiceUrl));
                break;
            case "dashboard":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
                break;
        }
        var response = await Slack.Host.Client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private (byte[]? Bytes, string? ContentType) Body(CorpusCase c)
    {
        if (c.Form is { } form)
        {
            var fields = form.Select(p => KeyValuePair.Create(p.Key, Expand(p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? "")));
            var encoded = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
            return (Encoding.UTF8.GetBytes(encoded), c.ContentType ?? "application/x-www-form-urlencoded");
        }
        var text = c.Json is { } json ? json.ToJsonString() : c.Body;
        return text is null ? (null, c.ContentType) : (Encoding.UTF8.GetBytes(Expand(text)), c.ContentType);
    }

    private static string DefaultAuth(string path) =>
        path.StartsWith("/api/slack/", StringComparison.Ordinal) ? "slack"
        : path == "/api/messages" ? "teams"
        : path.StartsWith("/api/dashboard/", StringComparison.Ordinal) ? "dashboard"
        : "none";

    /// <summary>
    /// Fills in <c>{{case}}</c>, <c>{{caseNumber}}</c>, <c>{{triage}}</c>, <c>{{triageTs}}</c>, <c>{{ritaDm}}</c> (rita's DM with the bot),
    /// <c>{{serviceUrl}}</c>, <c>{{trigger}}</c> (a fresh Slack trigger id), <c>{{now}}</c> (Unix
    /// seconds), <c>{{repeat:UNIT:COUNT}}</c> and <c>{{nested:DEPTH}}</c> (that many JSON arrays, one in another).
    /// </summary>
    public string Expand(string text) => Placeholder().Replace(text, m => m.Groups["name"].Value switch
    {
        "case" => CaseId,
        "caseNumber" => CaseNumber,
        "triage" => Slack.Triage,
        "triageTs" => TriageTs,
        "ritaDm" => RitaDm,
        "serviceUrl" => Teams.Connector.ServiceUrl,
        "trigger" => Slack.Slack.IssueTriggerId(),
        "now" => Slack.Timestamp(),
        "repeat" => Repeat(m.Groups["args"].Value),
        "nested" => Nested(int.Parse(m.Groups["args"].Value, CultureInfo.InvariantCulture)),
        var other => throw new InvalidDataException($"Unknown corpus placeholder {{{{{other}}}}}."),
    });

    private static string Repeat(string args)
    {
        var cut = args.LastIndexOf(':');
        return string.Concat(Enumerable.Repeat(args[..cut], int.Parse(args[(cut + 1)..], CultureInfo.InvariantCulture)));
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    [GeneratedRegex(@"\{\{(?<name>[A-Za-z]+)(:(?<args>[^}]*))?\}\}")]
    private static partial Regex Placeholder();
}
