using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

public sealed class AdaptiveCardTextEscaperTests
{
    [Theory]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("*em* _em_", @"\*em\* \_em\_")]
    [InlineData("[x](http://y)", @"\[x\]\(http://y\)")]
    [InlineData("<at>Ana</at>", @"\<at\>Ana\</at\>")]
    [InlineData("`code`", @"\`code\`")]
    [InlineData("# Heading", @"\# Heading")]
    [InlineData("~~gone~~", @"\~\~gone\~\~")]
    [InlineData("a | b", @"a \| b")]
    [InlineData("- item", @"\- item")]
    [InlineData("+ item", @"\+ item")]
    [InlineData("1. item", @"1\. item")]
    [InlineData("12. item", @"12\. item")]
    [InlineData("  - indented", @"  \- indented")]
    [InlineData("line\n- second\n3. third", "line\n\\- second\n3\\. third")]
    [InlineData("title\n===", "title\n\\===")]
    [InlineData("a-b + 1.5 = 2", "a-b + 1.5 = 2")]
    [InlineData("plain text, 100% ok!", "plain text, 100% ok!")]
    [InlineData("", "")]
    public void Escapes_markdown_significant_characters_and_list_markers(string input, string expected)
    {
        Assert.Equal(expected, AdaptiveCardTextEscaper.Instance.Escape(input));
    }
}
