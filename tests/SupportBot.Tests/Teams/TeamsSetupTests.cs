using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Cards;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Teams;

namespace SupportBot.Tests.Teams;

public sealed class TeamsSetupTests
{
    [Fact]
    public async Task Without_an_app_id_teams_is_a_chat_channel_for_the_loopback_Emulator()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.AddTeamsConnector();
        builder.Services.AddSingleton<IDeskSource>(new FixedDesk(new Desk(null, null)));
        await using var app = builder.Build();

        var channel = Assert.Single(app.Services.GetServices<IChatChannel>());
        Assert.Equal(ChannelKind.Teams, channel.Kind);
        var refused = await Assert.ThrowsAsync<ChannelException>(() => channel.PostAsync(
            new ConversationRef(ChannelKind.Teams, "a:someone", true, "https://smba.trafficmanager.net/emea/"), CardData.Notice("SupportBot", "hi"), CancellationToken.None));
        Assert.Equal(ChannelFailure.Permanent, refused.Kind);
    }

    [Fact]
    public async Task With_an_app_id_teams_is_a_chat_channel_and_the_card_library_is_registered_once()
    {
        await using var rig = await TeamsRig.StartAsync();

        var channel = Assert.Single(rig.Services.GetServices<IChatChannel>());
        Assert.Equal(ChannelKind.Teams, channel.Kind);
        Assert.Single(rig.Services.GetServices<CardLibrary>());
    }
}
