using System.Text.Json;
using Microsoft.Playwright;
using SupportBot.Cards;
using SupportBot.Tests.Cards;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.Tests.Browser;

/// <summary>
/// The page's Adaptive Card renderer on a page of its own: every template of <c>cards/</c> with the data
/// the engine builds, and a card with the elements and actions the project's cards do not use yet.
/// </summary>
[Collection(SharedChromium.Name)]
public sealed class CardRendererTests(Chromium chromium, ITestOutputHelper output)
{
    private const string RenderAll = """
        (cards) => cards.map(({ label, card }) => {
          const section = document.createElement('section');
          const heading = document.createElement('h2');
          heading.textContent = label;
          const rendered = AdaptiveCards.render(JSON.parse(card), {
            onExecute: (action) => { window.executed.push(action); },
            onOpenUrl: (url) => { window.opened.push(url); },
          });
          section.append(heading, rendered.element);
          document.getElementById('cards').appendChild(section);
          return rendered.unsupported;
        })
        """;

    [BrowserFact]
    public async Task Every_card_template_renders_with_engine_data_and_nothing_is_unsupported()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "renderer-templates");
        await OpenRendererPageAsync(s);
        var library = CardLibrary.Load(CardLibrary.DefaultFolder());
        var samples = CardSamples.Messages()
            .Select(m => new { label = m.Label, card = library.Render(m.Message.Template, m.Message.Data, AdaptiveCardTextEscaper.Instance).ToJsonString() })
            .ToList();

        var unsupported = await s.Page.EvaluateAsync<JsonElement>(RenderAll, samples);

        Assert.Equal(samples.Count, unsupported.GetArrayLength());
        var problems = samples.Zip(unsupported.EnumerateArray(), (sample, found) => (sample.label, found))
            .Where(r => r.found.GetArrayLength() > 0)
            .Select(r => $"{r.label}: {r.found}");
        Assert.Empty(problems);
        Assert.Equal(0, await s.Page.Locator(".ac-unsupported").CountAsync());
        Assert.Equal(library.Names.Order(StringComparer.Ordinal), CardSamples.Messages().Select(m => m.Message.Template).Distinct().Order(StringComparer.Ordinal));
        await s.ShotAsync("all-templates");
        Assert.Empty(s.Errors);
    }

    [BrowserFact]
    public async Task Elements_and_actions_beyond_the_projects_cards_render_validate_and_send_their_data()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "renderer-elements");
        await OpenRendererPageAsync(s);

        var unsupported = await s.Page.EvaluateAsync<JsonElement>(RenderAll, new[] { new { label = "every element", card = EveryElement } });

        Assert.Equal("[[]]", unsupported.GetRawText());
        var card = s.Page.Locator("#cards .ac-root");
        await Expect(card.Locator(".ac-mention")).ToHaveTextAsync("Ann Example");
        await Expect(card.Locator("[data-ac-id='greeting']")).ToContainTextAsync("<at>Bob</at>");
        await Expect(card.Locator("[data-ac-id='greeting']")).ToContainTextAsync("*literal*");
        await Expect(card.Locator("strong")).ToHaveTextAsync("bold");
        await Expect(card.Locator("em")).ToHaveTextAsync("italic");
        await Expect(card.Locator("a")).ToHaveAttributeAsync("href", "https://example.com/docs");
        await Expect(card.Locator("ul > li")).ToHaveCountAsync(2);
        await Expect(card.Locator("ol > li")).ToHaveCountAsync(1);
        await Expect(card.Locator(".ac-textrun")).ToHaveTextAsync("**run**");
        await Expect(card.Locator(".ac-textrun")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("ac-italic.*ac-strikethrough.*ac-highlight"));
        await Expect(card.Locator(".ac-columnset > .ac-column")).ToHaveCountAsync(3);
        await Expect(card.Locator("img.ac-person")).ToHaveAttributeAsync("alt", "dot");
        await Expect(card.Locator(".ac-imageset img")).ToHaveCountAsync(2);
        await Expect(card.GetByText("carousel fallback")).ToBeVisibleAsync();
        await Expect(card.GetByText("hidden details")).ToBeHiddenAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await Expect(card.GetByText("hidden details")).ToBeVisibleAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Docs" }).ClickAsync();
        Assert.Equal("https://example.com/docs", await s.Page.EvaluateAsync<string>("() => window.opened[0]"));

        var send = card.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true });
        await send.ClickAsync();
        var code = card.Locator(".ac-input", new() { Has = s.Page.GetByText("Code") });
        await Expect(code.Locator(".ac-input-error")).ToHaveTextAsync("Use ABC-123.");
        await code.Locator("input").FillAsync("abc-1");
        await send.ClickAsync();
        await Expect(code.Locator(".ac-input-error")).ToHaveTextAsync("Use ABC-123.");
        var count = card.Locator(".ac-input", new() { Has = s.Page.GetByText("Count") }).Locator("input");
        await count.FillAsync("12");
        await code.Locator("input").FillAsync("ABC-123");
        await send.ClickAsync();
        await Expect(card.Locator(".ac-input", new() { Has = s.Page.GetByText("Count") }).Locator(".ac-input-error")).ToHaveTextAsync("This value is not valid.");
        await count.FillAsync("4");
        await card.GetByText("B", new() { Exact = true }).ClickAsync();
        await send.ClickAsync();
        await code.Locator("input").FillAsync("");
        await card.GetByRole(AriaRole.Button, new() { Name = "Skip" }).ClickAsync();
        await s.ShotAsync("every-element");

        Assert.Equal(
            """[{"type":"Action.Submit","verb":"demo.send","title":"Send","data":{"verb":"demo.send","case":"c-1","level":"2","code":"ABC-123","count":"4","at":"09:30","urgent":"true","tags":"a,b,c"}},"""
            + """{"type":"Action.Execute","verb":"demo.skip","title":"Skip","data":{}}]""",
            await s.Page.EvaluateAsync<string>("() => JSON.stringify(window.executed)"));
        Assert.Empty(s.Errors);
    }

    [BrowserFact]
    public async Task An_element_or_action_the_renderer_does_not_know_is_shown_and_reported_unless_the_card_gives_a_fallback()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "renderer-unknown");
        await OpenRendererPageAsync(s);
        const string Unknown = """
            {
              "type": "AdaptiveCard", "version": "1.5",
              "body": [
                { "type": "Media", "sources": [] },
                { "type": "Table", "fallback": "drop" },
                { "type": "TextBlock", "text": "still here", "wrap": true }
              ],
              "actions": [ { "type": "Action.Popover", "title": "More" } ]
            }
            """;

        var unsupported = await s.Page.EvaluateAsync<JsonElement>(RenderAll, new[] { new { label = "unknown", card = Unknown } });

        Assert.Equal("""[["Media","Action.Popover"]]""", unsupported.GetRawText());
        await Expect(s.Page.Locator(".ac-unsupported")).ToHaveCountAsync(2);
        await Expect(s.Page.GetByText("still here")).ToBeVisibleAsync();
    }

    /// <summary>The renderer's scripts and styles from the app, on an otherwise empty page.</summary>
    private static async Task OpenRendererPageAsync(WorkspaceSession s)
    {
        var app = s.Host.Client.BaseAddress!.ToString().TrimEnd('/');
        await s.Page.SetContentAsync($$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Card renderer check</title>
              <link rel="stylesheet" href="{{app}}/workspace/adaptive-cards.css">
              <script src="{{app}}/workspace/card-text.js"></script>
              <script src="{{app}}/workspace/adaptive-cards.js"></script>
              <script src="{{app}}/workspace/card-elements.js"></script>
              <script src="{{app}}/workspace/card-inputs.js"></script>
              <script>window.executed = []; window.opened = [];</script>
            </head>
            <body><main id="cards"></main></body>
            </html>
            """);
    }

    // A one-pixel PNG, so that no image is fetched from anywhere.
    private const string Dot = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    private static readonly string EveryElement = $$$"""
        {
          "type": "AdaptiveCard",
          "version": "1.5",
          "msteams": { "entities": [ { "type": "mention", "text": "<at>Ann</at>", "mentioned": { "id": "29:ann", "name": "Ann Example" } } ] },
          "body": [
            { "type": "TextBlock", "id": "greeting", "wrap": true,
              "text": "Hello <at>Ann</at> and <at>Bob</at>: **bold**, _italic_, [docs](https://example.com/docs), [bad](javascript:alert(1)), \\*literal\\*" },
            { "type": "TextBlock", "text": "- one\n- two\n1. first", "wrap": true, "size": "Small", "color": "Good", "isSubtle": true },
            { "type": "RichTextBlock", "inlines": [ "plain ", { "type": "TextRun", "text": "**run**", "weight": "Bolder", "italic": true, "strikethrough": true, "highlight": true, "color": "attention" } ] },
            { "type": "ColumnSet", "columns": [
              { "type": "Column", "width": "auto", "items": [ { "type": "Image", "url": "{{{Dot}}}", "altText": "dot", "size": "small", "style": "person" } ] },
              { "type": "Column", "width": "stretch", "separator": true, "items": [ { "type": "TextBlock", "text": "beside", "wrap": true } ] },
              { "type": "Column", "width": "80px", "items": [] }
            ] },
            { "type": "ImageSet", "imageSize": "small", "images": [ { "type": "Image", "url": "{{{Dot}}}", "altText": "a" }, { "type": "Image", "url": "{{{Dot}}}", "altText": "b" } ] },
            { "type": "Container", "id": "details", "style": "emphasis", "isVisible": false, "items": [ { "type": "TextBlock", "text": "hidden details", "wrap": true } ] },
            { "type": "Table", "fallback": "drop" },
            { "type": "Carousel", "fallback": { "type": "TextBlock", "text": "carousel fallback", "wrap": true } },
            { "type": "Input.Text", "id": "code", "label": "Code", "isRequired": true, "regex": "^[A-Z]{3}-\\d+$", "errorMessage": "Use ABC-123.", "placeholder": "ABC-123", "maxLength": 10 },
            { "type": "Input.Number", "id": "count", "label": "Count", "min": 1, "max": 9, "value": 3 },
            { "type": "Input.Time", "id": "at", "label": "At", "value": "09:30" },
            { "type": "Input.Toggle", "id": "urgent", "title": "Urgent", "value": "true" },
            { "type": "Input.ChoiceSet", "id": "tags", "label": "Tags", "isMultiSelect": true, "value": "a,c",
              "choices": [ { "title": "A", "value": "a" }, { "title": "B", "value": "b" }, { "title": "C", "value": "c" } ] },
            { "type": "ActionSet", "actions": [
              { "type": "Action.ToggleVisibility", "title": "Details", "targetElements": [ "details" ] },
              { "type": "Action.OpenUrl", "title": "Docs", "url": "https://example.com/docs" }
            ] }
          ],
          "actions": [
            { "type": "Action.Submit", "title": "Send", "data": { "verb": "demo.send", "case": "c-1", "level": 2 } },
            { "type": "Action.Execute", "title": "Skip", "verb": "demo.skip", "associatedInputs": "none", "data": {} }
          ]
        }
        """;
}
