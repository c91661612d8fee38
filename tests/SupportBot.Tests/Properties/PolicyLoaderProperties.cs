using FsCheck;
using FsCheck.Fluent;
using SupportBot.Policy;
using SupportBot.Tests.Policy;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Tests.Properties;

/// <summary>
/// Whatever text a policy file holds, the loader answers with a <see cref="PolicyLoadResult"/>: a policy and
/// no errors, or no policy and errors that each point at a line of that file. Nothing is thrown.
/// </summary>
public sealed class PolicyLoaderProperties
{
    private static readonly string[] Presets =
        [.. Directory.GetFiles(PolicyYaml.RepositoryFile("policies"), "*.yml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    // Values a policy author could plausibly get wrong: durations, times, zones, ids, numbers, booleans.
    private static readonly string[] WrongValues =
    [
        "15m", "-15m", "0m", "0", "99999999999d", "4 working days", "7 working days", "24h", "1.5h", "P1D", "9999999999999999999999",
        "09:00-17:00", "25:00-26:00", "17:00-09:00", "mon-fri", "sun-mon", "Etc/UTC", "Mars/Olympus", "2026-02-30", "2026-12-25",
        "true", "yes", "no", "~", "null", "sev1", "sev9", "business", "24x7", "SUP", "sup", "TOOLONGPREFIX", "choice", "text", "number",
        "[]", "{}", "[sev1, sev1]", "{ target: 24h, calendar: nowhere }", "-1", "2147483648", "1e400", "NaN", "*alias", "&anchor x",
    ];

    // The emitter that writes an edited preset back refuses control characters and lone surrogates.
    private static readonly string[] EmittableValues =
        [.. WrongValues, "<!channel>", "${case.id}", "שלום \u202E", "\U0001F600", "- x", "a: b", new string('x', 5000)];

    private static readonly Gen<string> Value = Gen.Frequency((3, Gen.Elements(WrongValues)), (1, Junk.ShortText));

    [Fact]
    public void Any_text_gives_a_result_never_an_exception_and_every_error_has_a_line() =>
        Property.Check(Junk.Text, 300, AnswersWithLocatedErrors);

    [Fact]
    public void Yaml_shaped_junk_gives_a_result_never_an_exception_and_every_error_has_a_line() =>
        Property.Check(YamlShaped, 300, AnswersWithLocatedErrors);

    [Fact]
    public void A_preset_with_edited_lines_gives_a_result_never_an_exception_and_every_error_has_a_line() =>
        Property.Check(LineEdits, 150, AnswersWithLocatedErrors);

    [Fact]
    public void A_preset_with_wrong_values_and_wrong_types_gives_a_result_never_an_exception_and_every_error_has_a_line() =>
        Property.Check(NodeEdits, 80, AnswersWithLocatedErrors);

    private static void AnswersWithLocatedErrors(string yaml)
    {
        var result = PolicyLoader.Parse(yaml, "policy.yml");

        Assert.Equal(result.Succeeded, result.Errors.Count == 0);
        // YAML also breaks lines at \r, NEL and the Unicode line and paragraph separators.
        var lines = yaml.Count(c => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029') + 1;
        Assert.All(result.Errors, e =>
        {
            Assert.Equal("policy.yml", e.File);
            Assert.InRange(e.Line, 1, lines + 1);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        });
    }

    /// <summary>Lines of <c>key: value</c>, list items and flow collections at random indents.</summary>
    private static Gen<string> YamlShaped { get; } =
        Gen.ListOf(
            from indent in Gen.Choose(0, 6)
            from key in Gen.Frequency((3, Gen.Elements("policy", "title", "case_prefix", "calendars", "severities", "questions", "id", "response", "default_severity", "escalation", "contacts", "hours")), (1, Junk.ShortText))
            from shape in Gen.Choose(0, 4)
            from value in Value
            select new string(' ', indent) + shape switch
            {
                0 => $"{key}: {value}",
                1 => $"- {key}: {value}",
                2 => $"{key}:",
                3 => $"- {value}",
                _ => $"{key}: {{ {key}: {value} }}",
            })
        .Select(lines => string.Join('\n', lines));

    /// <summary>A preset with one to four lines deleted, doubled, swapped, re-indented or given junk.</summary>
    private static Gen<string> LineEdits { get; } =
        from preset in Gen.Elements(Presets)
        from edits in Gen.ListOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 4)).Select(p => (p.Item1, p.Item2)), 4)
        from junk in Value
        select EditLines(preset, edits, junk);

    /// <summary>A preset whose nodes (anywhere) are removed, given wrong values or values of another type.</summary>
    private static Gen<string> NodeEdits { get; } =
        from preset in Gen.Elements(Presets)
        from edits in Gen.ListOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 4)).Select(p => (p.Item1, p.Item2)), 3)
        from value in Gen.Elements(EmittableValues)
        select EditNodes(preset, edits, value);

    private static string EditLines(string preset, IEnumerable<(int Pick, int Op)> edits, string junk)
    {
        var lines = preset.Split('\n').ToList();
        foreach (var (pick, op) in edits)
        {
            var i = pick % lines.Count;
            switch (op)
            {
                case 0:
                    lines.RemoveAt(i);
                    break;
                case 1:
                    lines.Insert(i, lines[i]);
                    break;
                case 2:
                    (lines[i], lines[^1]) = (lines[^1], lines[i]);
                    break;
                case 3:
                    lines[i] = "   " + lines[i];
                    break;
                default:
                    lines[i] = lines[i].Contains(':', StringComparison.Ordinal) ? lines[i][..(lines[i].IndexOf(':', StringComparison.Ordinal) + 1)] + " " + junk : junk;
                    break;
            }

            if (lines.Count == 0)
            {
                lines.Add(junk);
            }
        }

        return string.Join('\n', lines);
    }

    private static string EditNodes(string preset, IEnumerable<(int Pick, int Op)> edits, string value)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(preset));
        var root = stream.Documents[0].RootNode;
        foreach (var (pick, op) in edits)
        {
            var spots = Spots(root).ToList();
            var (parent, key, index) = spots[pick % spots.Count];
            YamlNode replacement = op switch
            {
                0 => new YamlScalarNode(value),
                1 => new YamlSequenceNode(new YamlScalarNode(value)),
                2 => new YamlMappingNode(new YamlScalarNode("unexpected"), new YamlScalarNode(value)),
                _ => new YamlScalarNode(""),
            };
            if (op == 4)
            {
                Remove(parent, key, index);
            }
            else
            {
                Set(parent, key, index, replacement);
            }
        }

        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static IEnumerable<(YamlNode Parent, YamlNode? Key, int Index)> Spots(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children.ToList())
                {
                    yield return (map, key, -1);
                    foreach (var spot in Spots(value))
                    {
                        yield return spot;
                    }
                }

                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    yield return (list, null, i);
                    foreach (var spot in Spots(list.Children[i]))
                    {
                        yield return spot;
                    }
                }

                break;
        }
    }

    private static void Remove(YamlNode parent, YamlNode? key, int index)
    {
        if (parent is YamlMappingNode map)
        {
            map.Children.Remove(key!);
        }
        else
        {
            ((YamlSequenceNode)parent).Children.RemoveAt(index);
        }
    }

    private static void Set(YamlNode parent, YamlNode? key, int index, YamlNode value)
    {
        if (parent is YamlMappingNode map)
        {
            map.Children[key!] = value;
        }
        else
        {
            ((YamlSequenceNode)parent).Children[index] = value;
        }
    }
}
