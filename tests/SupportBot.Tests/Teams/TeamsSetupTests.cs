using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Cards;
using SupportBot.Core.Channels;
using SupportBot.Teams;

namespace SupportBot.Tests.Teams;

public sealed class TeamsSetupTests
{
    [Fact]
    public async Task Without_an_app_id_nothing_is_registered()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.AddTeamsConnector();
        await using var app = builder.Build();

        Assert.Null(app.Services.GetService<TeamsChannel>());
        Assert.Empty(app.Services.GetServices<IChatChannel>());
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
