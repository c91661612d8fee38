namespace SupportBot.Tests.Cards;

/// <summary>The expression language, observed through <c>$when</c> (kept or dropped) and bound values.</summary>
public sealed class ExpressionTests
{
    private const string Data = """
        { "sev": 2, "name": "Ana", "flag": true, "off": false, "nothing": null, "zero": 0, "blank": "",
          "list": [1, 2, 3], "emptyList": [], "obj": { "a": 1 }, "emptyObj": {} }
        """;

    [Theory]
    [InlineData("sev == 2", true)]
    [InlineData("sev == 2.0", true)]
    [InlineData("sev == '2'", false)]
    [InlineData("name == 'Ana'", true)]
    [InlineData("name == \"Ana\"", true)]
    [InlineData("name != 'Ana'", false)]
    [InlineData("nothing == null", true)]
    [InlineData("missing == null", true)]
    [InlineData("missing != null", false)]
    [InlineData("sev < 3", true)]
    [InlineData("sev < 2", false)]
    [InlineData("sev <= 2", true)]
    [InlineData("sev > 1", true)]
    [InlineData("sev > 2", false)]
    [InlineData("sev >= 2", true)]
    [InlineData("name < 'Bob'", true)]
    [InlineData("missing < 3", false)]
    [InlineData("name > 1", false)]
    [InlineData("flag && sev == 2", true)]
    [InlineData("flag && off", false)]
    [InlineData("off || sev == 2", true)]
    [InlineData("off || nothing", false)]
    [InlineData("!off", true)]
    [InlineData("!flag", false)]
    [InlineData("!(sev == 2 || off)", false)]
    [InlineData("off || flag && sev == 3", false)]
    [InlineData("(off || flag) && sev == 2", true)]
    [InlineData("zero", true)]
    [InlineData("blank", true)]
    [InlineData("not(off)", true)]
    [InlineData("not(flag)", false)]
    [InlineData("and(flag, sev == 2, name == 'Ana')", true)]
    [InlineData("and(flag, off)", false)]
    [InlineData("or(off, nothing, sev == 2)", true)]
    [InlineData("or(off, nothing)", false)]
    [InlineData("equals(sev, 2)", true)]
    [InlineData("equals(obj, obj)", true)]
    [InlineData("equals(name, 'ana')", false)]
    [InlineData("empty(nothing)", true)]
    [InlineData("empty(missing)", true)]
    [InlineData("empty(blank)", true)]
    [InlineData("empty(emptyList)", true)]
    [InlineData("empty(emptyObj)", true)]
    [InlineData("empty(name)", false)]
    [InlineData("empty(list)", false)]
    [InlineData("empty(zero)", false)]
    [InlineData("count(list) == 3", true)]
    [InlineData("count(name) == 3", true)]
    [InlineData("count(missing) == 0", true)]
    [InlineData("if(flag, sev == 2, false)", true)]
    [InlineData("if(off, true, false)", false)]
    [InlineData("concat(name, '-', sev) == 'Ana-2'", true)]
    [InlineData("string(sev) == '2'", true)]
    [InlineData("string(flag) == 'true'", true)]
    [InlineData("toUpper(name) == 'ANA'", true)]
    [InlineData("toLower(name) == 'ana'", true)]
    [InlineData("list[1] == 2", true)]
    [InlineData("obj['a'] == 1", true)]
    [InlineData("$root.sev == 2 && $data.sev == 2", true)]
    public void When_evaluates_operators_and_functions(string expression, bool kept)
    {
        var body = TestCards.Body(
            $$"""{ "type": "TextBlock", "$when": "${{{expression.Replace("\"", "\\\"", StringComparison.Ordinal)}}}", "text": "x" }""",
            Data);

        Assert.Equal(kept ? 1 : 0, body.Count);
    }

    [Theory]
    [InlineData("${if(sev > 1, 'high', 'low')}", "\"high\"")]
    [InlineData("${if(off, 'yes', nothing)}", "null")]
    [InlineData("${count(list)}", "3")]
    [InlineData("${concat('#', sev, nothing, flag)}", "\"#2true\"")]
    [InlineData("${toUpper(missing)}", "\"\"")]
    [InlineData("${string(obj)}", "\"{\\\"a\\\":1}\"")]
    [InlineData("${sev >= 2}", "true")]
    [InlineData("${'it\\'s'}", "\"it's\"")]
    [InlineData("${'}'}", "\"}\"")]
    [InlineData("${1.5}", "1.5")]
    public void Functions_produce_typed_values(string binding, string expected)
    {
        var escaped = binding.Replace("\\", "\\\\", StringComparison.Ordinal);

        Assert.Equal(expected, TestCards.Json(TestCards.Value("value", $"\"{escaped}\"", Data)));
    }
}
