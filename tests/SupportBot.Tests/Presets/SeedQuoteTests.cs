using System.Reflection;
using System.Text;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Presets;

/// <summary>A row of a preset's table that names the sentence of its seed document it checks.</summary>
public interface IQuotesSeed
{
    /// <summary>Words copied from the seed document, exactly (whitespace and quote marks aside).</summary>
    string Seed { get; }
}

/// <summary>
/// Every row of every preset table quotes its seed document word for word, so a row never checks a
/// sentence the document does not have. A table is a public static method returning rows that quote
/// a seed; its class names the document in a <c>SeedFile</c> constant (a file in <c>../shared/seeds</c>).
/// </summary>
public sealed class SeedQuoteTests
{
    public static TheoryData<string> Tables() =>
        [.. TableMethods().Select(m => $"{m.DeclaringType!.Name}.{m.Name}")];

    [Theory]
    [MemberData(nameof(Tables))]
    public void Every_row_quotes_a_passage_of_its_seed_document_word_for_word(string table)
    {
        var method = TableMethods().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == table);
        var seedFile = method.DeclaringType!.GetField("SeedFile", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;
        Assert.True(seedFile is not null, $"{method.DeclaringType.Name} has a table of seed quotes but no public const string SeedFile naming its seed document.");
        var path = Path.GetFullPath(PolicyYaml.RepositoryFile(Path.Combine("..", "shared", "seeds", seedFile)));
        Assert.True(File.Exists(path), $"{table}: seed document {path} not found (the shared folder belongs beside the repository).");
        var document = Normalise(File.ReadAllText(path));

        var rows = ((IEnumerable<object?[]>)method.Invoke(null, null)!).Select(r => (IQuotesSeed)r[0]!).ToList();
        Assert.NotEmpty(rows);
        var missing = rows.Select(r => r.Seed).Where(quote => !document.Contains(Normalise(quote), StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"{table}: not in {seedFile}:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void Every_preset_has_a_table_checked_against_its_seed()
    {
        var presets = Directory.GetFiles(PolicyYaml.RepositoryFile("policies"), "*.yml").Length;
        var documents = TableMethods().Select(m => m.DeclaringType!.GetField("SeedFile")?.GetRawConstantValue()).Distinct().Count();
        Assert.Equal(presets, documents);
    }

    /// <summary>The public static methods of this assembly's preset tests that return rows quoting a seed.</summary>
    private static IEnumerable<MethodInfo> TableMethods() =>
        typeof(SeedQuoteTests).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(SeedQuoteTests).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Length == 0 && m.ReturnType.IsGenericType
                && m.ReturnType.GetGenericTypeDefinition() == typeof(TheoryData<>)
                && typeof(IQuotesSeed).IsAssignableFrom(m.ReturnType.GetGenericArguments()[0]))
            .OrderBy(m => m.DeclaringType!.Name, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal);

    /// <summary>One space for every run of whitespace (the documents wrap and indent freely), straight quote marks.</summary>
    private static string Normalise(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            var c = ch switch
            {
                '\u201C' or '\u201D' or '\u201E' or '\u2033' => '"',
                '\u2018' or '\u2019' or '\u201A' or '\u2032' => '\'',
                _ when char.IsWhiteSpace(ch) => ' ',
                _ => ch,
            };
            if (c != ' ' || (sb.Length > 0 && sb[^1] != ' '))
            {
                sb.Append(c);
            }
        }
        return sb.ToString().Trim();
    }
}
