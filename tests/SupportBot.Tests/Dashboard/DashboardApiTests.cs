using System.Net;
using System.Text.Json;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Dashboard;

/// <summary>The dashboard's JSON and exports on the real app, a SQLite file and a test clock (default preset: Severity 1 and 2 run round the clock).</summary>
public sealed class DashboardApiTests : IAsyncLifetime
{
    /// <summary>Monday 23 November 2026, 10:00 UTC.</summary>
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-dashboard-").FullName;
    private readonly TestClock clock = new(T0);
    private TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock);

    private HostDb Db => new(Path.Combine(folder, "supportbot.db"));

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private string CaseId(string number) => Db.Text("SELECT id FROM cases WHERE number = @number", new { number })!;

    [Fact]
    public async Task The_queue_lists_open_cases_by_severity_then_time_of_receipt_with_their_due_instants()
    {
        await DashboardCases.ReportAsync(host, "rosa", "Wifi slow in Paris", "regional");
        clock.Advance(TimeSpan.FromMinutes(5));
        await DashboardCases.ReportAsync(host, "rita", "Wifi down everywhere", "global");
        clock.Advance(TimeSpan.FromMinutes(5));
        await DashboardCases.ReportAsync(host, "ravi", "Wifi slow in Lyon", "regional");

        var queue = await GetJsonAsync("/api/dashboard/queue");

        Assert.Equal("2026-11-23T10:10:00Z", queue.GetProperty("asOf").GetString());
        var cases = queue.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(["SUP-000002", "SUP-000001", "SUP-000003"], cases.Select(c => c.GetProperty("number").GetString()));
        Assert.Equal((3, 0), (queue.GetProperty("count").GetInt32(), queue.GetProperty("more").GetInt32()));
        var sev1 = cases[0];
        Assert.Equal("Severity 1", sev1.GetProperty("severityName").GetString());
        Assert.Equal("2026-11-23T10:05:00Z", sev1.GetProperty("openedAt").GetString());
        Assert.Equal("running", sev1.GetProperty("response").GetProperty("state").GetString());
        Assert.Equal("2026-11-23T10:20:00Z", sev1.GetProperty("response").GetProperty("due").GetString());
        Assert.Equal("2026-11-23T14:05:00Z", sev1.GetProperty("resolution").GetProperty("due").GetString());
        Assert.Equal("2026-11-23T11:00:00Z", cases[1].GetProperty("response").GetProperty("due").GetString());
        Assert.Equal("2026-11-24T10:00:00Z", cases[1].GetProperty("resolution").GetProperty("due").GetString());
        Assert.False(sev1.GetProperty("breached").GetBoolean());
    }

    [Fact]
    public async Task The_queue_lists_the_first_100_open_cases_in_queue_order_and_counts_them_all_without_reading_the_rest()
    {
        var now = NodaTime.Instant.FromDateTimeOffset(T0);
        var open = await DashboardCases.OpenManyAsync(host, 103, now);
        // An open case last in the queue that cannot be read: reading every open case would fail on it.
        Db.Execute(
            "INSERT INTO cases (id, number, status, severity, severity_rank, reporter_key, opened_at, updated_at, version, data) " +
            "VALUES ('unreadable', 'SUP-999999', 'new', 'sev4', 999, 'someone-else', @at, @at, 1, 'not json')",
            new { at = T0.ToUnixTimeMilliseconds() });

        var queue = await GetJsonAsync("/api/dashboard/queue");

        Assert.Equal(open.Take(100).Select(c => c.Number), queue.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("number").GetString()));
        Assert.Equal(104, queue.GetProperty("count").GetInt32());
        Assert.Equal(4, queue.GetProperty("more").GetInt32());
    }

    [Fact]
    public async Task A_case_past_its_response_target_is_marked_breached_and_one_waiting_on_the_customer_shows_a_paused_clock()
    {
        await DashboardCases.ReportAsync(host, "rita", "Wifi down everywhere", "global");
        await DashboardCases.ReportAsync(host, "rosa", "Wifi slow in Paris", "regional");
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.ask", new() { ["case"] = CaseId("SUP-000002"), ["question"] = "Which building?" }));
        clock.Advance(TimeSpan.FromMinutes(16));

        var cases = (await GetJsonAsync("/api/dashboard/queue")).GetProperty("cases").EnumerateArray().ToList();

        Assert.Equal("missed", cases[0].GetProperty("response").GetProperty("state").GetString());
        Assert.True(cases[0].GetProperty("breached").GetBoolean());
        Assert.Equal("paused", cases[1].GetProperty("resolution").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, cases[1].GetProperty("resolution").GetProperty("due").ValueKind);
        Assert.Equal("met", cases[1].GetProperty("response").GetProperty("state").GetString());
        Assert.False(cases[1].GetProperty("breached").GetBoolean());
    }

    [Fact]
    public async Task The_kpis_of_the_month_count_a_claimed_resolved_and_rated_case_with_its_times()
    {
        await DashboardCases.ReportAsync(host, "rita", "Wifi down everywhere", "global");
        var id = CaseId("SUP-000001");
        clock.Advance(TimeSpan.FromMinutes(6));
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = id }));
        clock.Advance(TimeSpan.FromMinutes(84));
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.resolve", new() { ["case"] = id, ["outcome"] = "fixed", ["summary"] = "Controller restarted" }));
        await host.PostAsync(LocalPeople.Click("rita", "dm:rita", "reporter.fixed", new() { ["case"] = id, ["rating"] = "5" }));

        var kpis = await GetJsonAsync("/api/dashboard/kpis");

        Assert.Equal("2026-11-01T00:00:00Z", kpis.GetProperty("start").GetString());
        Assert.Equal("2026-12-01T00:00:00Z", kpis.GetProperty("end").GetString());
        Assert.Equal(1, kpis.GetProperty("cases").GetInt32());
        Assert.Equal(6, kpis.GetProperty("firstResponse").GetProperty("medianMinutes").GetDouble());
        Assert.Equal(6, kpis.GetProperty("firstResponse").GetProperty("p90Minutes").GetDouble());
        Assert.Equal(90, kpis.GetProperty("timeToResolve").GetProperty("meanMinutes").GetDouble());
        Assert.Equal(5, kpis.GetProperty("csat").GetProperty("average").GetDouble());
        var sev1 = kpis.GetProperty("severities")[0];
        Assert.Equal(("sev1", 1, 1), (sev1.GetProperty("id").GetString(), sev1.GetProperty("response").GetProperty("count").GetInt32(), sev1.GetProperty("resolution").GetProperty("of").GetInt32()));
        Assert.Equal(0, (await GetJsonAsync("/api/dashboard/kpis?month=2026-10")).GetProperty("cases").GetInt32());
        Assert.Equal(1, (await GetJsonAsync("/api/dashboard/kpis?from=2026-11-23&to=2026-11-23")).GetProperty("cases").GetInt32());
        Assert.Equal(0, (await GetJsonAsync("/api/dashboard/kpis?from=2026-11-24&to=2026-11-30")).GetProperty("cases").GetInt32());
    }

    [Fact]
    public async Task The_charts_count_each_weeks_cases_by_severity_and_the_top_categories()
    {
        await DashboardCases.ReportAsync(host, "rita", "Wifi down everywhere", "global");
        await DashboardCases.ReportAsync(host, "rosa", "Wifi slow in Paris", "regional");

        var charts = await GetJsonAsync("/api/dashboard/charts?month=2026-11");

        Assert.Equal("sev1", charts.GetProperty("severities")[0].GetProperty("id").GetString());
        var weeks = charts.GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal(["2026-11-01", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"], weeks.Select(w => w.GetProperty("start").GetString()));
        Assert.Equal([1, 1, 0, 0], weeks[4].GetProperty("cases").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(0, weeks[3].GetProperty("cases").EnumerateArray().Sum(c => c.GetInt32()));
        var top = Assert.Single(charts.GetProperty("topCategories").EnumerateArray());
        Assert.Equal(("connectivity", 2), (top.GetProperty("id").GetString(), top.GetProperty("cases").GetInt32()));
    }

    [Theory]
    [InlineData("csv", "text/csv; charset=utf-8", "attachment; filename=\"supportbot-sla-2026-11.csv\"", "severity")]
    [InlineData("json", "application/json; charset=utf-8", "attachment; filename=\"supportbot-sla-2026-11.json\"", "\"month\": \"2026-11\"")]
    [InlineData("text", "text/plain; charset=utf-8", "inline; filename=\"supportbot-sla-2026-11.txt\"", "SLA report for November 2026")]
    public async Task The_monthly_report_downloads_with_its_content_type_and_file_name(string format, string contentType, string disposition, string content)
    {
        await DashboardCases.ReportAsync(host, "rita", "Wifi down everywhere", "global");

        var response = await host.Client.GetAsync($"/api/dashboard/report?month=2026-11&format={format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.Equal(disposition, response.Content.Headers.ContentDisposition!.ToString());
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/dashboard/kpis?month=2026-13", "'2026-13' is not a month")]
    [InlineData("/api/dashboard/kpis?month=2026-11&from=2026-11-01&to=2026-11-02", "not both")]
    [InlineData("/api/dashboard/kpis?from=2026-11-01", "Give both from and to")]
    [InlineData("/api/dashboard/kpis?from=2026-11-31&to=2026-12-01", "Give both from and to")]
    [InlineData("/api/dashboard/charts?from=2026-11-10&to=2026-11-01", "ends (2026-11-01) before it starts (2026-11-10)")]
    [InlineData("/api/dashboard/charts?from=2025-01-01&to=2026-11-01", "longer than 366 days")]
    [InlineData("/api/dashboard/report?format=csv", "Give the month")]
    [InlineData("/api/dashboard/report?month=November&format=csv", "'November' is not a month")]
    [InlineData("/api/dashboard/report?month=2026-11&format=xlsx", "'xlsx' is not a report format: give format=text|csv|json")]
    public async Task Bad_input_gets_400_with_a_clear_message(string url, string message)
    {
        var response = await host.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
