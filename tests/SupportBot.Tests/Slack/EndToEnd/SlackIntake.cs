using System.Text.Json.Nodes;

namespace SupportBot.Tests.Slack.EndToEnd;

/// <summary>A whole report through Slack's modal, as a person would fill it in.</summary>
public static class SlackIntake
{
    /// <summary>
    /// <c>/support</c>, then each step of the modal with <paramref name="answers"/>, past the
    /// troubleshooting steps, to the submitted case; returns the last view (the case-opened card).
    /// </summary>
    public static async Task<JsonObject> ReportAsync(this SlackDriver bot, string user, string channel, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(bot);
        Assert.Equal("", await bot.SupportAsync(user, channel));
        var next = await bot.SubmitAsync(user, bot.LatestView(), answers);
        for (var step = 0; step < 6; step++)
        {
            Assert.Equal("update", next?["response_action"]?.GetValue<string>());
            var view = next!["view"]!.AsObject();
            var current = bot.LatestView() with { View = view };
            if (view["blocks"]!.ToJsonString().Contains("intake.continue#", StringComparison.Ordinal))
            {
                // The troubleshooting steps did not help: on to the preview.
                await bot.ClickInViewAsync(user, current, "intake.continue");
                next = await bot.SubmitAsync(user, bot.LatestView(), answers);
                continue;
            }
            if (view["submit"] is null)
            {
                return view;
            }
            next = await bot.SubmitAsync(user, current, answers);
        }
        throw new InvalidOperationException("The intake did not finish in six steps.");
    }
}
