using System.Text.Json.Nodes;
using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

public sealed class CardLibraryTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("supportbot-cards-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void Loads_every_json_file_named_after_the_file()
    {
        Write("case-opened.json", TestCards.Card("""{ "type": "TextBlock", "text": "Case ${id} opened" }"""));
        Write("escalated.json", TestCards.Card("""{ "type": "TextBlock", "text": "Escalated" }"""));
        Write("notes.txt", "not a card");

        var library = CardLibrary.Load(folder.FullName);

        Assert.Equal(["case-opened", "escalated"], library.Names.Order(StringComparer.Ordinal));
        Assert.Equal("case-opened", library.Get("case-opened").Name);
        var card = library.Render("case-opened", JsonNode.Parse("""{ "id": "C_7" }"""), AdaptiveCardTextEscaper.Instance);
        Assert.Equal(@"Case C\_7 opened", card["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Reports_all_invalid_files_in_one_exception()
    {
        Write("good.json", TestCards.Card("""{ "type": "TextBlock", "text": "ok" }"""));
        Write("bad-json.json", "{ \"type\": ");
        Write("bad-expression.json", TestCards.Card("""{ "type": "TextBlock", "text": "${nope(}" }"""));
        Write("old-version.json", """{ "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.2" }""");
        Write("no-schema.json", """{ "type": "AdaptiveCard", "version": "1.5" }""");
        Write("not-a-card.json", """{ "$schema": "s", "type": "Container", "version": "1.5" }""");
        Write("array.json", "[]");

        var e = Assert.Throws<CardLibraryException>(() => CardLibrary.Load(folder.FullName));

        Assert.Equal(6, e.Problems.Count);
        Assert.Contains("bad-json.json: invalid JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("bad-expression.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("${nope(}", e.Message, StringComparison.Ordinal);
        Assert.Contains("old-version.json: \"version\" must be \"1.5\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("no-schema.json: \"$schema\" is missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("not-a-card.json: \"type\" must be \"AdaptiveCard\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("array.json: the template must be a JSON object", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("good.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_template_name_throws_naming_the_template()
    {
        Write("case-opened.json", TestCards.Card(""));

        var library = CardLibrary.Load(folder.FullName);

        var e = Assert.Throws<KeyNotFoundException>(() => library.Get("case-closed"));
        Assert.Contains("'case-closed'", e.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => library.Render("case-closed", null, RawText.Instance));
    }

    [Fact]
    public void A_missing_folder_is_reported_with_its_path()
    {
        var missing = Path.Combine(folder.FullName, "nope");

        var e = Assert.Throws<DirectoryNotFoundException>(() => CardLibrary.Load(missing));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_built_in_code_are_validated_the_same_way()
    {
        var good = CardTemplate.Parse("good", TestCards.Card(""));
        var bad = CardTemplate.Parse("bad", """{ "type": "AdaptiveCard" }""");

        var e = Assert.Throws<CardLibraryException>(() => new CardLibrary([good, bad, good]));

        Assert.Equal(
            ["bad.json: \"version\" must be \"1.5\"; \"$schema\" is missing", "good.json: duplicate template name"],
            e.Problems);
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(folder.FullName, name), text);
}
