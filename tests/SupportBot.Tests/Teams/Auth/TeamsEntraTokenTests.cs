using Microsoft.Extensions.Options;
using SupportBot.Teams;
using SupportBot.Teams.Auth;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams.Auth;

/// <summary>
/// Path B: Entra-issued tokens of the bot's own tenant, against a loopback Entra next to the loopback
/// Bot Framework identity provider. Each refused token is a valid one with one thing changed.
/// </summary>
public sealed class TeamsEntraTokenTests : IAsyncLifetime
{
    private const string AppId = FakeConnector.AppId;
    private const string Tenant = FakeEntraIdentity.TenantId;
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private const string EmulatorTenant = "d6d49420-f39b-4df7-a1dc-d59a935871db";

    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly TestClock clock = new(T0);
    private FakeBotIdentity botFramework = null!;
    private FakeEntraIdentity entra = null!;
    private TeamsTokenValidator? shared;

    public async Task InitializeAsync()
    {
        botFramework = await FakeBotIdentity.StartAsync(clock);
        entra = await FakeEntraIdentity.StartAsync(clock);
    }

    public async Task DisposeAsync()
    {
        await entra.DisposeAsync();
        await botFramework.DisposeAsync();
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task Accepts_a_token_of_the_configured_tenant_whose_caller_is_the_bot_itself(string version)
    {
        var result = await ValidateAsync(entra.Mint(version, AppId));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(TeamsAuthPath.Entra, result.Path);
        Assert.Equal(version == "2.0" ? FakeEntraIdentity.V2Issuer(Tenant) : FakeEntraIdentity.V1Issuer(Tenant), result.Issuer);
        Assert.Equal(Tenant, result.TenantId);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task Accepts_a_caller_app_from_the_allow_list(string version)
    {
        const string partner = "22222222-0000-0000-0000-0000000000aa";

        var result = await ValidateAsync(entra.Mint(version, AppId, caller: partner), o => o.AllowedCallerAppIds.Add(partner));

        Assert.True(result.Succeeded, result.ToString());
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task Refuses_a_caller_app_that_is_neither_the_bot_nor_allowed(string version)
    {
        var result = await ValidateAsync(entra.Mint(version, AppId, caller: "33333333-0000-0000-0000-0000000000bb"));

        AssertRefused(TeamsAuthFailure.CallerNotAllowed, result);
    }

    [Fact]
    public async Task Refuses_a_v2_token_that_names_its_caller_only_in_appid()
    {
        var token = entra.Mint("2.0", AppId, claims: new Dictionary<string, object?> { ["azp"] = null, ["appid"] = AppId });

        AssertRefused(TeamsAuthFailure.CallerNotAllowed, await ValidateAsync(token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("3.0")]
    public async Task Refuses_a_token_whose_version_does_not_say_where_the_caller_is(string? version)
    {
        var token = entra.Mint("1.0", AppId, claims: new Dictionary<string, object?> { ["ver"] = version });

        AssertRefused(TeamsAuthFailure.UnsupportedVersion, await ValidateAsync(token));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task Refuses_another_tenants_issuer_before_fetching_any_key(string version)
    {
        var result = await ValidateAsync(entra.Mint(version, AppId, tenant: FakeEntraIdentity.OtherTenantId));

        AssertRefused(TeamsAuthFailure.UnknownIssuer, result);
        Assert.Equal(0, entra.MetadataRequests + entra.KeyRequests + botFramework.MetadataRequests + botFramework.KeyRequests);
    }

    [Fact]
    public async Task A_multi_tenant_bot_accepts_no_Entra_token_unless_the_Emulator_is_allowed()
    {
        var result = await ValidateAsync(entra.Mint("2.0", AppId), o => o.TenantId = null);

        AssertRefused(TeamsAuthFailure.UnknownIssuer, result);
        Assert.Equal(0, entra.KeyRequests);
    }

    [Fact]
    public async Task Refuses_a_tid_that_is_not_the_issuers_tenant()
    {
        var token = entra.Mint("1.0", AppId, claims: new Dictionary<string, object?> { ["tid"] = FakeEntraIdentity.OtherTenantId });

        AssertRefused(TeamsAuthFailure.TenantMismatch, await ValidateAsync(token));
    }

    [Fact]
    public async Task Accepts_a_token_without_tid_as_its_issuers_tenant()
    {
        var result = await ValidateAsync(entra.Mint("2.0", AppId, claims: new Dictionary<string, object?> { ["tid"] = null }));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(Tenant, result.TenantId);
    }

    [Fact]
    public async Task Refuses_a_token_for_another_app()
    {
        var token = entra.Mint("2.0", AppId, claims: new Dictionary<string, object?> { ["aud"] = "44444444-0000-0000-0000-0000000000cc" });

        AssertRefused(TeamsAuthFailure.WrongAudience, await ValidateAsync(token));
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    public async Task Refuses_anything_but_RS256(string alg)
    {
        AssertRefused(TeamsAuthFailure.DisallowedAlgorithm, await ValidateAsync(entra.Mint("2.0", AppId, alg: alg)));
    }

    [Theory]
    [InlineData(-6, false)]
    [InlineData(-4, true)]
    public async Task Judges_expiry_with_five_minutes_of_skew(int expiredMinutesAgo, bool accepted)
    {
        var token = entra.Mint("1.0", AppId, claims: new Dictionary<string, object?>
        {
            ["nbf"] = T0.AddHours(-1).ToUnixTimeSeconds(),
            ["exp"] = T0.AddMinutes(expiredMinutesAgo).ToUnixTimeSeconds(),
        });

        var result = await ValidateAsync(token);

        Assert.Equal(accepted, result.Succeeded);
        Assert.Equal(accepted ? null : TeamsAuthFailure.Expired, result.Failure);
    }

    [Fact]
    public async Task Checks_a_serviceurl_claim_when_the_token_has_one()
    {
        var bound = new Dictionary<string, object?> { ["serviceurl"] = "https://smba.trafficmanager.net/amer/" };

        AssertRefused(TeamsAuthFailure.ServiceUrlMismatch, await ValidateAsync(entra.Mint("2.0", AppId, claims: bound)));
        Assert.True((await ValidateAsync(entra.Mint("2.0", AppId, claims: bound), serviceUrl: "https://smba.trafficmanager.net/amer/")).Succeeded);
    }

    [Fact]
    public async Task Needs_no_endorsement_for_the_activitys_channel()
    {
        var result = await ValidateAsync(entra.Mint("1.0", AppId), channelId: "emulator");

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Accepts_the_Emulators_tokens_only_when_the_Emulator_is_allowed()
    {
        var token = entra.Mint("1.0", AppId, tenant: EmulatorTenant);

        AssertRefused(TeamsAuthFailure.UnknownIssuer, await ValidateAsync(token));
        var allowed = await ValidateAsync(token, o => o.AllowEmulator = true);

        Assert.True(allowed.Succeeded, allowed.ToString());
        Assert.Equal(EmulatorTenant, allowed.TenantId);
    }

    [Fact]
    public async Task Keeps_the_Entra_and_Bot_Connector_keys_apart()
    {
        var entraTokenWithConnectorKey = entra.Mint("2.0", AppId, kid: FakeBotIdentity.TeamsKeyId);
        var connectorTokenWithEntraKey = entra.Mint("2.0", AppId, claims: new Dictionary<string, object?>
        {
            ["iss"] = FakeBotIdentity.Issuer,
            ["serviceurl"] = ServiceUrl,
        });

        AssertRefused(TeamsAuthFailure.UnknownKey, await ValidateAsync(entraTokenWithConnectorKey));
        AssertRefused(TeamsAuthFailure.UnknownKey, await ValidateAsync(connectorTokenWithEntraKey));
        Assert.True((await ValidateAsync(botFramework.Mint(AppId, ServiceUrl))).Succeeded);
    }

    [Fact]
    public async Task Refreshes_the_Entra_keys_when_a_token_names_a_new_key()
    {
        Assert.True((await ValidateAsync(entra.Mint("2.0", AppId))).Succeeded);
        entra.Publish("entra-key-2");

        var result = await ValidateAsync(entra.Mint("2.0", AppId, kid: "entra-key-2"));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(2, entra.KeyRequests);
        Assert.Equal(0, botFramework.KeyRequests);
    }

    [Fact]
    public void The_Entra_metadata_defaults_to_the_tenants_then_the_common_document()
    {
        var configured = new Uri("https://login.example/meta");

        Assert.Equal("https://login.microsoftonline.com/" + Tenant + "/v2.0/.well-known/openid-configuration",
            TeamsEntraIssuers.MetadataUrlOf(new TeamsOptions { TenantId = Tenant }).AbsoluteUri);
        Assert.Equal("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
            TeamsEntraIssuers.MetadataUrlOf(new TeamsOptions()).AbsoluteUri);
        Assert.Equal(configured, TeamsEntraIssuers.MetadataUrlOf(new TeamsOptions { TenantId = Tenant, EntraOpenIdMetadataUrl = configured }));
    }

    /// <summary>Through one validator for the test (one key cache), or a new one with other settings.</summary>
    private async Task<TeamsAuthResult> ValidateAsync(string token, Action<TeamsOptions>? configure = null, string serviceUrl = ServiceUrl, string channelId = "msteams")
    {
        var validator = configure is null ? shared ??= Validator(null) : Validator(configure);
        return await validator.ValidateAsync("Bearer " + token, channelId, serviceUrl, CancellationToken.None);
    }

    private TeamsTokenValidator Validator(Action<TeamsOptions>? configure)
    {
        var options = new TeamsOptions
        {
            AppId = AppId,
            TenantId = Tenant,
            OpenIdMetadataUrl = botFramework.MetadataUrl,
            EntraOpenIdMetadataUrl = entra.MetadataUrl(),
        };
        configure?.Invoke(options);
        return new TeamsTokenValidator(botFramework.CreateClient(), Options.Create(options), clock);
    }

    private static void AssertRefused(TeamsAuthFailure expected, TeamsAuthResult result)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Failure);
    }
}
