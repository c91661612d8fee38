using Microsoft.Extensions.Options;
using SupportBot.Teams;
using SupportBot.Teams.Auth;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams.Auth;

/// <summary>A fake identity provider, a test clock and a validator reading keys from the fake.</summary>
public abstract class TeamsAuthRig : IAsyncLifetime
{
    protected const string AppId = "00000000-0000-0000-0000-00000000b07a";
    protected const string ServiceUrl = "https://smba.trafficmanager.net/emea/72f988bf-0000-0000-0000-000000000001/";
    protected const string Channel = "msteams";

    protected static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    protected TestClock Clock { get; } = new(T0);

    protected FakeBotIdentity Identity { get; private set; } = null!;

    protected TeamsTokenValidator Validator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Identity = await FakeBotIdentity.StartAsync(Clock);
        Validator = CreateValidator(AppId);
    }

    public async Task DisposeAsync()
    {
        await Identity.DisposeAsync();
    }

    protected TeamsTokenValidator CreateValidator(string? appId) =>
        new(Identity.CreateClient(), Options.Create(new TeamsOptions { AppId = appId, OpenIdMetadataUrl = Identity.MetadataUrl }), Clock);

    protected Task<TeamsAuthResult> ValidateAsync(string token, string serviceUrl = ServiceUrl, string channelId = Channel) =>
        Validator.ValidateAsync("Bearer " + token, channelId, serviceUrl, CancellationToken.None);

    protected static void AssertRefused(TeamsAuthFailure expected, TeamsAuthResult result)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Failure);
    }
}
