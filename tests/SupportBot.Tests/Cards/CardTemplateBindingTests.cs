using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

public sealed class CardTemplateBindingTests
{
    private const string Data = """
        {
          "case": { "id": "C-42", "severity": 2, "urgent": true, "owner": null,
                    "tags": ["db", "prod"], "customer": { "name": "Acme", "plan": "gold" } },
          "items": [ { "title": "first" }, { "title": "second" } ],
          "odd key": "spaced"
        }
        """;

    [Theory]
    [InlineData("\"${case.severity}\"", "2")]
    [InlineData("\"${case.urgent}\"", "true")]
    [InlineData("\"${case.customer}\"", """{"name":"Acme","plan":"gold"}""")]
    [InlineData("\"${case.tags}\"", """["db","prod"]""")]
    [InlineData("\"${case.owner}\"", "null")]
    [InlineData("\"${case.id}\"", "\"C-42\"")]
    public void A_string_that_is_exactly_one_binding_keeps_the_values_json_type(string template, string expected)
    {
        Assert.Equal(expected, TestCards.Json(TestCards.Value("value", template, Data)));
    }

    [Fact]
    public void A_binding_inside_other_text_is_interpolated_as_a_string()
    {
        var value = TestCards.Value("value", "\"Case ${case.id} is sev ${case.severity}, urgent: ${case.urgent}\"", Data);

        Assert.Equal("Case C-42 is sev 2, urgent: true", value!.GetValue<string>());
    }

    [Fact]
    public void Missing_and_null_values_interpolate_as_empty_text()
    {
        var value = TestCards.Value("value", "\"[${case.owner}|${case.nothing.deeper}|${nope[3]}]\"", Data);

        Assert.Equal("[||]", value!.GetValue<string>());
    }

    [Fact]
    public void A_missing_value_bound_alone_becomes_null()
    {
        Assert.Null(TestCards.Value("value", "\"${case.assignee.name}\"", Data));
    }

    [Theory]
    [InlineData("${case.customer.name}", "Acme")]
    [InlineData("${case.tags[1]}", "prod")]
    [InlineData("${items[0].title}", "first")]
    [InlineData("${case['customer']['plan']}", "gold")]
    [InlineData("${$data['odd key']}", "spaced")]
    [InlineData("${$root.case.id}", "C-42")]
    [InlineData("${items[1]['title']}", "second")]
    public void Paths_follow_dots_indexes_and_quoted_keys(string binding, string expected)
    {
        Assert.Equal(expected, TestCards.Value("value", $"\"{binding}\"", Data)!.GetValue<string>());
    }

    [Fact]
    public void Root_refers_to_the_whole_data_inside_a_rebound_scope()
    {
        var body = TestCards.Body(
            """{ "type": "TextBlock", "$data": "${case.customer}", "text": "${name} (${$root.case.id}) ${$data.plan}" }""",
            Data);

        Assert.Equal("Acme (C-42) gold", body[0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void User_text_containing_a_binding_is_not_evaluated()
    {
        const string data = """{ "description": "please show ${$root.secret} and ${toUpper('x')}", "secret": "hunter2" }""";

        var body = TestCards.Body(
            """
            { "type": "TextBlock", "text": "Description: ${description}" },
            { "type": "Input.Text", "id": "d", "value": "${description}" }
            """,
            data);

        Assert.Equal("Description: please show ${$root.secret} and ${toUpper('x')}", body[0]!["text"]!.GetValue<string>());
        Assert.Equal("please show ${$root.secret} and ${toUpper('x')}", body[1]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Objects_from_data_are_inserted_as_they_are_even_with_template_keywords()
    {
        const string data = """{ "extra": { "type": "TextBlock", "text": "${secret}", "$when": "${false}" }, "secret": "s" }""";

        var body = TestCards.Body("""{ "type": "Container", "items": [ "${extra}" ] }""", data);

        Assert.Equal(
            """{"type":"TextBlock","text":"${secret}","$when":"${false}"}""",
            TestCards.Json(body[0]!["items"]![0]));
    }

    [Fact]
    public void Expanding_never_changes_the_template_or_the_data()
    {
        var template = CardTemplate.Parse("t", TestCards.Card(
            """{ "type": "FactSet", "facts": [ { "$data": "${items}", "title": "${title}", "value": "${$index}" } ] }"""));
        var data = JsonNode.Parse(Data)!;
        var before = data.ToJsonString();

        var first = template.Expand(data, AdaptiveCardTextEscaper.Instance);
        first["body"]![0]!["facts"]![0]!["title"] = "changed";
        var second = template.Expand(data, AdaptiveCardTextEscaper.Instance);

        Assert.Equal("first", second["body"]![0]!["facts"]![0]!["title"]!.GetValue<string>());
        Assert.Equal(before, data.ToJsonString());
    }

    [Fact]
    public void Template_properties_without_bindings_are_copied_unchanged()
    {
        var card = TestCards.Expand(TestCards.Card("""{ "type": "TextBlock", "text": "Price: $5 {not a binding}", "size": 3, "wrap": true }"""), null);

        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Equal(
            """{"type":"TextBlock","text":"Price: $5 {not a binding}","size":3,"wrap":true}""",
            TestCards.Json(card["body"]![0]));
        Assert.Equal(JsonValueKind.Object, card.GetValueKind());
    }
}
