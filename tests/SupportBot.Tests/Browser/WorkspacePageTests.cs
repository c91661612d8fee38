using System.Net.Http.Json;
using Microsoft.Playwright;
using SupportBot.Tests.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.Tests.Browser;

/// <summary>The workspace page in Chromium: text stays text, cards check their inputs, and the page keeps up without a stream.</summary>
[Collection(SharedChromium.Name)]
public sealed class WorkspacePageTests(Chromium chromium, ITestOutputHelper output)
{
    private const string Hostile = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> **not bold** [click](javascript:window.pwned=3)";

    [BrowserFact]
    public async Task Markup_in_what_people_write_is_shown_literally_and_never_runs()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "escaping");
        await s.Host.PostAsync(LocalPeople.Say("rita", Hostile));
        var answers = LocalPeople.Severity1Answers("<b>Wifi</b> down");
        answers["description"] = Hostile;
        await s.Host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.next", answers));
        await s.Host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.continue"));
        await s.Host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.submit"));

        await s.OpenAsync();

        await Expect(s.Panel("dm:rita").Locator("li.from-person .message-text")).ToHaveTextAsync(Hostile);
        var triageCard = WorkspaceSession.Card(s.Panel("triage"), "triage");
        await Expect(triageCard).ToContainTextAsync(Hostile);
        await Expect(triageCard).ToContainTextAsync("<b>Wifi</b> down");
        await s.ShotAsync("literal");
        var panels = s.Page.Locator("#panels");
        Assert.Equal(0, await panels.Locator("script, img, b, a[href^='javascript']").CountAsync());
        Assert.Equal(0, await panels.Locator("strong", new() { HasTextString = "not bold" }).CountAsync());
        Assert.True(await s.Page.EvaluateAsync<bool>("() => window.pwned === undefined"));
        Assert.Empty(s.Errors);
    }

    [BrowserFact]
    public async Task A_required_input_left_empty_shows_the_cards_error_message_and_nothing_is_sent()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "required");
        await s.OpenAsync();
        var rita = s.Panel("dm:rita");
        await rita.Locator("textarea.compose-text").FillAsync("my laptop cannot connect");
        await rita.Locator("button.compose-send").ClickAsync();
        var intake = WorkspaceSession.Card(rita, "intake");
        await Expect(intake).ToBeVisibleAsync();
        var events = s.Db.Count("SELECT count(*) FROM inbound_events");

        await intake.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        var category = intake.Locator(".ac-input", new() { Has = s.Page.GetByText("What is the problem about?") });
        await Expect(category.Locator(".ac-input-error")).ToHaveTextAsync("What is the problem about? is required.");
        await Expect(category.Locator("select")).ToBeFocusedAsync();
        await s.ShotAsync("required");
        Assert.Equal(events, s.Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Empty(s.Errors);
    }

    [BrowserFact]
    public async Task Without_server_sent_events_the_page_polls_and_still_shows_what_happens()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "polling");
        await s.Page.AddInitScriptAsync("delete window.EventSource;");
        await s.Page.GotoAsync(s.Host.Client.BaseAddress!.ToString());
        await Expect(s.Page.Locator("body")).ToHaveAttributeAsync("data-status", "polling");

        await s.Host.PostAsync(LocalPeople.Say("otto", "the printer is on fire"));

        var otto = s.Panel("dm:otto");
        await Expect(otto.Locator("li.from-person")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("the printer is on fire"));
        await Expect(WorkspaceSession.Card(otto, "intake")).ToBeVisibleAsync();
        Assert.Empty(s.Errors);
    }

    [BrowserFact]
    public async Task Someone_added_by_name_becomes_who_you_are_with_their_own_conversation_first()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "guest");
        await s.OpenAsync();

        await s.Page.Locator("#guest-name").FillAsync("Otto Example");
        await s.Page.Locator("#add-guest button").ClickAsync();

        await Expect(s.Page.Locator("#me")).ToHaveValueAsync("otto-example");
        var first = s.Page.Locator("#panels > section.panel").First;
        await Expect(first).ToHaveAttributeAsync("data-conversation", "dm:otto-example");
        await first.Locator("textarea.compose-text").FillAsync("/help");
        await first.Locator("textarea.compose-text").PressAsync("Enter");
        await Expect(WorkspaceSession.Card(first, "help")).ToContainTextAsync("SupportBot commands");
        await Expect(first.Locator("li.from-person")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("/help"));
        var conversation = await s.Host.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/local/conversations/dm:otto-example/messages");
        Assert.Equal("Otto Example", conversation[0].GetProperty("author").GetProperty("name").GetString());
        Assert.Empty(s.Errors);
    }
}
