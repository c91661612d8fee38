using SupportBot.Teams.Auth;

namespace SupportBot.Tests.Teams.Auth;

public sealed class TeamsSigningKeyRefreshTests : TeamsAuthRig
{
    [Fact]
    public async Task Fetches_the_metadata_once_for_many_validations()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ValidateAsync(Identity.Mint(AppId, ServiceUrl))));
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await ValidateAsync(Identity.Mint(AppId, ServiceUrl))).Succeeded);
        }

        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
        Assert.Equal(1, Identity.MetadataRequests);
        Assert.Equal(1, Identity.KeyRequests);
    }

    [Fact]
    public async Task Accepts_a_token_signed_by_a_key_published_after_the_first_fetch()
    {
        Assert.True((await ValidateAsync(Identity.Mint(AppId, ServiceUrl))).Succeeded);
        Identity.Publish("teams-key-2", "msteams");

        var result = await ValidateAsync(Identity.Mint(AppId, ServiceUrl, kid: "teams-key-2"));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(2, Identity.KeyRequests);
    }

    [Fact]
    public async Task Refreshes_for_unknown_key_ids_at_most_once_every_five_minutes()
    {
        Identity.AddUnpublishedKey("rogue-key");
        AssertRefused(TeamsAuthFailure.UnknownKey, await ValidateAsync(Identity.Mint(AppId, ServiceUrl, kid: "rogue-key")));
        Assert.Equal(2, Identity.KeyRequests);

        Identity.Publish("teams-key-2", "msteams");
        Clock.Advance(TimeSpan.FromMinutes(4));
        AssertRefused(TeamsAuthFailure.UnknownKey, await ValidateAsync(Identity.Mint(AppId, ServiceUrl, kid: "rogue-key")));
        AssertRefused(TeamsAuthFailure.UnknownKey, await ValidateAsync(Identity.Mint(AppId, ServiceUrl, kid: "teams-key-2")));
        Assert.Equal(2, Identity.KeyRequests);

        Clock.Advance(TimeSpan.FromMinutes(1));
        var result = await ValidateAsync(Identity.Mint(AppId, ServiceUrl, kid: "teams-key-2"));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(3, Identity.KeyRequests);
    }

    [Fact]
    public async Task Refreshes_the_keys_after_twelve_hours_without_being_asked()
    {
        Assert.True((await ValidateAsync(Identity.Mint(AppId, ServiceUrl))).Succeeded);
        Clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.True((await ValidateAsync(Identity.Mint(AppId, ServiceUrl))).Succeeded);
        Assert.Equal(1, Identity.MetadataRequests);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await ValidateAsync(Identity.Mint(AppId, ServiceUrl))).Succeeded);

        Assert.Equal(2, Identity.MetadataRequests);
        Assert.Equal(2, Identity.KeyRequests);
    }

    [Fact]
    public async Task Refuses_with_keys_unavailable_when_the_metadata_cannot_be_fetched()
    {
        var unreachable = new TeamsTokenValidator(
            Identity.CreateClient(),
            Microsoft.Extensions.Options.Options.Create(new SupportBot.Teams.TeamsOptions { AppId = AppId, OpenIdMetadataUrl = new Uri(Identity.BaseUrl, "missing") }),
            Clock);

        var result = await unreachable.ValidateAsync("Bearer " + Identity.Mint(AppId, ServiceUrl), Channel, ServiceUrl, CancellationToken.None);

        AssertRefused(TeamsAuthFailure.KeysUnavailable, result);
    }

    [Fact]
    public async Task Never_fetches_keys_over_plain_http()
    {
        var http = new TeamsTokenValidator(
            Identity.CreateClient(),
            Microsoft.Extensions.Options.Options.Create(new SupportBot.Teams.TeamsOptions { AppId = AppId, OpenIdMetadataUrl = new Uri("http://127.0.0.1:9/.well-known/openidconfiguration") }),
            Clock);

        var result = await http.ValidateAsync("Bearer " + Identity.Mint(AppId, ServiceUrl), Channel, ServiceUrl, CancellationToken.None);

        AssertRefused(TeamsAuthFailure.KeysUnavailable, result);
    }
}
