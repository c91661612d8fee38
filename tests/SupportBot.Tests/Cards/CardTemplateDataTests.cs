using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

public sealed class CardTemplateDataTests
{
    private const string Data = """
        {
          "title": "Open cases",
          "cases": [ { "id": "C-1", "sev": 1 }, { "id": "C-2", "sev": 3 }, { "id": "C-3", "sev": 2 } ],
          "none": [],
          "owner": { "name": "Ana", "team": { "name": "Payments" } }
        }
        """;

    [Fact]
    public void A_repeated_data_array_repeats_the_element_once_per_item()
    {
        var body = TestCards.Body(
            """
            { "type": "TextBlock", "text": "${title}" },
            { "type": "TextBlock", "$data": "${cases}", "text": "${$index}: ${id} in ${$root.title}" },
            { "type": "TextBlock", "text": "end" }
            """,
            Data);

        Assert.Equal(
            ["Open cases", "0: C-1 in Open cases", "1: C-2 in Open cases", "2: C-3 in Open cases", "end"],
            body.Select(b => b!["text"]!.GetValue<string>()));
        Assert.All(body, b => Assert.False(b!.AsObject().ContainsKey("$data")));
    }

    [Fact]
    public void An_empty_data_array_removes_the_element()
    {
        var body = TestCards.Body("""{ "type": "TextBlock", "$data": "${none}", "text": "${id}" }""", Data);

        Assert.Empty(body);
    }

    [Fact]
    public void An_object_data_rebinds_the_scope_for_the_element_and_its_children()
    {
        var body = TestCards.Body(
            """
            { "type": "Container", "$data": "${owner}", "items": [
                { "type": "TextBlock", "text": "${name}" },
                { "type": "TextBlock", "$data": "${team}", "text": "${name} / ${$root.owner.name}" } ] }
            """,
            Data);

        Assert.Equal("Ana", body[0]!["items"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Payments / Ana", body[0]!["items"]![1]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_literal_data_array_in_the_template_is_repeated_like_bound_data()
    {
        var body = TestCards.Body(
            """
            { "type": "Action.Submit", "$data": [ { "verb": "ack" }, { "verb": "close", "by": "${owner.name}" } ],
              "title": "${toUpper(verb)}", "data": { "verb": "${verb}", "by": "${by}", "n": "${$index}" } }
            """,
            Data);

        Assert.Equal(
            ["""{"type":"Action.Submit","title":"ACK","data":{"verb":"ack","by":null,"n":0}}""",
             """{"type":"Action.Submit","title":"CLOSE","data":{"verb":"close","by":"Ana","n":1}}"""],
            body.Select(TestCards.Json));
    }

    [Fact]
    public void A_literal_data_object_rebinds_the_scope()
    {
        var body = TestCards.Body("""{ "type": "TextBlock", "$data": { "x": "literal" }, "text": "${x}" }""", Data);

        Assert.Equal("literal", body[0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_when_on_a_repeated_element_is_evaluated_per_item()
    {
        var body = TestCards.Body(
            """{ "type": "TextBlock", "$data": "${cases}", "$when": "${sev <= 2}", "text": "${id}" }""", Data);

        Assert.Equal(["C-1", "C-3"], body.Select(b => b!["text"]!.GetValue<string>()));
        Assert.All(body, b => Assert.False(b!.AsObject().ContainsKey("$when")));
    }

    [Fact]
    public void A_false_when_drops_the_element_and_a_true_when_keeps_it()
    {
        var body = TestCards.Body(
            """
            { "type": "TextBlock", "$when": "${owner.name == 'Ana'}", "text": "kept" },
            { "type": "TextBlock", "$when": "${owner.name == 'Bob'}", "text": "dropped" },
            { "type": "TextBlock", "$when": false, "text": "literal false" }
            """,
            Data);

        Assert.Equal("kept", Assert.Single(body)!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_when_that_is_null_or_missing_drops_the_element()
    {
        var body = TestCards.Body(
            """
            { "type": "TextBlock", "$when": "${owner.nickname}", "text": "missing" },
            { "type": "TextBlock", "$when": "${null}", "text": "null" },
            { "type": "TextBlock", "$when": "${owner.team}", "text": "an object is true" }
            """,
            Data);

        Assert.Equal("an object is true", Assert.Single(body)!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_false_when_on_an_object_property_removes_the_property()
    {
        var body = TestCards.Body(
            """{ "type": "Container", "selectAction": { "$when": "${empty(owner)}", "type": "Action.OpenUrl", "url": "u" } }""",
            Data);

        Assert.Equal("""{"type":"Container"}""", TestCards.Json(body[0]));
    }

    [Fact]
    public void Index_is_null_outside_a_repetition()
    {
        var body = TestCards.Body("""{ "type": "Input.Text", "id": "x", "value": "${$index}" }""", Data);

        Assert.Null(body[0]!["value"]);
    }

    [Fact]
    public void A_when_on_the_card_itself_is_rejected_at_load_time()
    {
        var e = Assert.Throws<CardTemplateException>(() => CardTemplate.Parse(
            "rooted", $$"""{ {{TestCards.Envelope}}, "$when": "${true}", "body": [] }"""));

        Assert.Contains("rooted", e.Message, StringComparison.Ordinal);
    }
}
