using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using SupportBot.Cards;
using SupportBot.Tests.Cards;

namespace SupportBot.Tests.Properties;

/// <summary>
/// A template either loads or is refused with a <see cref="CardTemplateException"/>; a loaded template
/// expands any data into a card object, with either escaper, and never throws.
/// </summary>
public sealed class CardTemplateProperties
{
    private static readonly CardLibrary Library = CardLibrary.Load(CardLibrary.DefaultFolder());
    private static readonly ITextEscaper[] Escapers = [RawText.Instance, AdaptiveCardTextEscaper.Instance];

    [Fact]
    public void Any_text_as_a_template_loads_or_is_refused_with_a_template_error() =>
        Property.Check(Gen.OneOf(Junk.Text, Templates.Text.Select(t => JsonValue.Create(t).ToJsonString())), 300, text => LoadsOrIsRefused(text, out _));

    [Fact]
    public void Any_binding_in_a_card_loads_or_is_refused_and_a_loaded_card_expands_any_data() =>
        Property.Check(Gen.Zip(Templates.Card, Gen.ListOf(Junk.Json(4)).Resize(3)), 300, c =>
        {
            if (LoadsOrIsRefused(c.Item1.ToJsonString(), out var template))
            {
                foreach (var data in c.Item2.Prepend(SampleData()))
                {
                    ExpandsToACard(template!, data);
                }
            }
        });

    [Fact]
    public void Every_card_in_cards_expands_any_data_and_hostile_values_in_real_data() =>
        Property.Check(Gen.Zip(Gen.Elements([.. Library.Names]), Gen.OneOf(Junk.Json(4), SampleDataMutations)), 400,
            c => ExpandsToACard(Library.Get(c.Item1), c.Item2));

    private static bool LoadsOrIsRefused(string text, out CardTemplate? template)
    {
        try
        {
            template = CardTemplate.Parse("property", text);
            return true;
        }
        catch (CardTemplateException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Reason));
            template = null;
            return false;
        }
    }

    private static void ExpandsToACard(CardTemplate template, JsonNode? data)
    {
        foreach (var escaper in Escapers)
        {
            var card = template.Expand(data?.DeepClone(), escaper);

            Assert.NotNull(card);
            // The expanded card is plain JSON that can be sent as it is (data may nest deeper than a reader's default 64).
            Assert.NotNull(JsonNode.Parse(card.ToJsonString(), documentOptions: new JsonDocumentOptions { MaxDepth = 512 }));
        }
    }

    /// <summary>The data the engine gives each card (the samples the card tests use), with hostile edits.</summary>
    private static Gen<JsonNode?> SampleDataMutations { get; } =
        Gen.Elements([.. CardSamples.Messages().Select(m => m.Message.Data).OfType<JsonObject>()])
            .SelectMany(d => Junk.Mutations(d))
            .Select(d => (JsonNode?)d);

    private static JsonNode? SampleData() => CardSamples.Messages().First().Message.Data?.DeepClone();
}
