using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

public sealed class CardTemplateEscapingTests
{
    private const string Data = """{ "desc": "**bold** [link](http://evil) <at>all</at>", "id": "C_1", "url": "https://x.test/a_(b)" }""";

    [Fact]
    public void Bound_text_in_a_TextBlock_is_escaped_but_the_templates_own_markdown_is_not()
    {
        var body = TestCards.Body(
            """{ "type": "TextBlock", "text": "**Description:** ${desc}" }""", Data, AdaptiveCardTextEscaper.Instance);

        Assert.Equal(
            @"**Description:** \*\*bold\*\* \[link\]\(http://evil\) \<at\>all\</at\>",
            body[0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_TextBlock_text_that_is_one_binding_is_escaped_text()
    {
        var body = TestCards.Body(
            """{ "type": "TextBlock", "text": "${desc}" }, { "type": "TextBlock", "text": "${missing}" }""",
            Data,
            AdaptiveCardTextEscaper.Instance);

        Assert.StartsWith(@"\*\*bold", body[0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("", body[1]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Fact_titles_and_values_are_escaped_including_repeated_facts()
    {
        const string data = """{ "fields": [ { "k": "_who_", "v": "# head" } ], "desc": "*x*" }""";

        var body = TestCards.Body(
            """
            { "type": "FactSet", "facts": [
                { "title": "**Desc**", "value": "${desc}" },
                { "$data": "${fields}", "title": "${k}", "value": "${v}" } ] }
            """,
            data,
            AdaptiveCardTextEscaper.Instance);

        Assert.Equal(
            """{"type":"FactSet","facts":[{"title":"**Desc**","value":"\\*x\\*"},{"title":"\\_who\\_","value":"\\# head"}]}""",
            TestCards.Json(body[0]));
    }

    [Fact]
    public void Ids_input_values_urls_and_action_data_are_inserted_raw()
    {
        var body = TestCards.Body(
            """
            { "type": "Input.Text", "id": "${id}", "value": "${desc}", "placeholder": "was: ${desc}" },
            { "type": "ActionSet", "actions": [
                { "type": "Action.Submit", "title": "Ack ${id}", "data": { "verb": "ack", "caseId": "${id}", "note": "${desc}" } },
                { "type": "Action.OpenUrl", "title": "Open", "url": "${url}" } ] },
            { "type": "TextBlock", "text": "[Open](${url})", "id": "${id}" }
            """,
            Data,
            AdaptiveCardTextEscaper.Instance);

        Assert.Equal("C_1", body[0]!["id"]!.GetValue<string>());
        Assert.Equal("**bold** [link](http://evil) <at>all</at>", body[0]!["value"]!.GetValue<string>());
        Assert.Equal("was: **bold** [link](http://evil) <at>all</at>", body[0]!["placeholder"]!.GetValue<string>());
        var actions = body[1]!["actions"]!;
        Assert.Equal("Ack C_1", actions[0]!["title"]!.GetValue<string>());
        Assert.Equal("C_1", actions[0]!["data"]!["caseId"]!.GetValue<string>());
        Assert.Equal("**bold** [link](http://evil) <at>all</at>", actions[0]!["data"]!["note"]!.GetValue<string>());
        Assert.Equal("https://x.test/a_(b)", actions[1]!["url"]!.GetValue<string>());
        Assert.Equal("C_1", body[2]!["id"]!.GetValue<string>());
        Assert.Equal(@"[Open](https://x.test/a\_\(b\))", body[2]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Title_and_value_outside_a_FactSet_are_not_escaped()
    {
        var body = TestCards.Body(
            """{ "type": "Input.ChoiceSet", "id": "c", "choices": [ { "title": "${desc}", "value": "${id}" } ] }""",
            Data,
            AdaptiveCardTextEscaper.Instance);

        Assert.Equal("**bold** [link](http://evil) <at>all</at>", body[0]!["choices"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("C_1", body[0]!["choices"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void A_bound_element_type_still_decides_what_is_escaped()
    {
        var body = TestCards.Body(
            """{ "type": "${kind}", "text": "${desc}" }""",
            """{ "kind": "TextBlock", "desc": "_x_" }""",
            AdaptiveCardTextEscaper.Instance);

        Assert.Equal(@"\_x\_", body[0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void The_raw_escaper_leaves_bound_text_unchanged()
    {
        var body = TestCards.Body("""{ "type": "TextBlock", "text": "${desc}" }""", Data, RawText.Instance);

        Assert.Equal("**bold** [link](http://evil) <at>all</at>", body[0]!["text"]!.GetValue<string>());
    }
}
