using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

public sealed class CardTemplateErrorTests
{
    [Theory]
    [InlineData("${unknownFn(x)}", "unknown function 'unknownFn'")]
    [InlineData("${a ==}", "expected a value")]
    [InlineData("${(a}", "expected ')'")]
    [InlineData("${a = b}", "unexpected character '='")]
    [InlineData("${a ? b : c}", "unexpected character '?'")]
    [InlineData("${a.}", "expected a property name")]
    [InlineData("${a b}", "unexpected 'b'")]
    [InlineData("${}", "empty expression")]
    [InlineData("${'open}", "unterminated")]
    [InlineData("Hi ${name", "unterminated binding")]
    [InlineData("${$host.name}", "unknown keyword '$host'")]
    [InlineData("${if(a, b)}", "function 'if' takes 3 argument(s) but was given 2")]
    [InlineData("${toUpper()}", "function 'toUpper' takes 1 argument(s)")]
    public void A_bad_expression_is_reported_at_load_time_with_the_template_name_and_expression(string text, string reason)
    {
        var template = TestCards.Card($$"""{ "type": "Container", "items": [ { "type": "TextBlock", "text": "{{text}}" } ] }""");

        var e = Assert.Throws<CardTemplateException>(() => CardTemplate.Parse("case-opened", template));

        Assert.Equal("case-opened", e.TemplateName);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.Contains("'case-opened'", e.Message, StringComparison.Ordinal);
        Assert.Contains(e.Expression!, text, StringComparison.Ordinal);
        Assert.Contains(e.Expression!, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expressions_in_data_and_when_are_checked_at_load_time_too()
    {
        Assert.Throws<CardTemplateException>(() =>
            CardTemplate.Parse("t", TestCards.Card("""{ "type": "TextBlock", "$data": "${nope(1)}", "text": "x" }""")));
        var e = Assert.Throws<CardTemplateException>(() =>
            CardTemplate.Parse("t", TestCards.Card("""{ "type": "TextBlock", "$when": "${a &&}", "text": "x" }""")));

        Assert.Equal("${a &&}", e.Expression);
    }

    [Fact]
    public void A_when_that_is_not_a_single_binding_is_rejected()
    {
        var e = Assert.Throws<CardTemplateException>(() =>
            CardTemplate.Parse("t", TestCards.Card("""{ "type": "TextBlock", "$when": "sev is ${sev}", "text": "x" }""")));

        Assert.Contains("$when must be one", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"type\": ", "invalid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    public void Invalid_json_is_reported_with_the_template_name(string json, string reason)
    {
        var e = Assert.Throws<CardTemplateException>(() => CardTemplate.Parse("broken", json));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("broken", e.Message, StringComparison.Ordinal);
    }
}
