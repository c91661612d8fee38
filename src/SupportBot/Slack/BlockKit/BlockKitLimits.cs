namespace SupportBot.Slack.BlockKit;

/// <summary>
/// Block Kit limits (shared/reference/slack-protocol.md §5). Lengths are counted in UTF-16 code units, which
/// is never fewer than the characters Slack counts.
/// </summary>
internal static class BlockKitLimits
{
    public const int MessageBlocks = 50;
    public const int ViewBlocks = 100;
    public const int FallbackText = 3000;
    public const int SectionText = 3000;
    public const int ContextText = 3000;
    public const int Fields = 10;
    public const int FieldText = 2000;
    public const int HeaderText = 150;
    public const int ActionsElements = 25;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ActionId = 255;
    public const int Label = 2000;
    public const int Placeholder = 150;
    public const int TextInputLength = 3000;
    public const int Options = 100;
    public const int RadioOptions = 10;
    public const int OptionText = 75;

    // 150 per the current docs, 75 in the node typings: the smaller one is safe for both.
    public const int OptionValue = 75;

    public const int ViewTitle = 24;
    public const int PrivateMetadata = 3000;
    public const int CallbackId = 255;
}
