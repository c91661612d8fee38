using SupportBot.Teams.Auth;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams.Auth;

/// <summary>
/// Each refused token is a valid one with exactly one thing changed, so the refusal can only be
/// for that reason.
/// </summary>
public sealed class TeamsTokenValidatorTests : TeamsAuthRig
{
    [Fact]
    public async Task Accepts_a_Bot_Connector_token_signed_by_a_key_endorsed_for_msteams()
    {
        var result = await ValidateAsync(Identity.Mint(AppId, ServiceUrl));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Null(result.Failure);
        Assert.Equal(FakeBotIdentity.Issuer, result.Issuer);
        Assert.Equal(ServiceUrl, result.ServiceUrl);
        Assert.Null(result.TenantId);
    }

    [Fact]
    public async Task Exposes_the_tenant_claim_when_the_token_has_one()
    {
        var token = Identity.Mint(AppId, ServiceUrl, extraClaims: new Dictionary<string, object> { ["tid"] = "tenant-1" });

        var result = await ValidateAsync(token);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("tenant-1", result.TenantId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Refuses_a_request_without_a_token(string? header)
    {
        var result = await Validator.ValidateAsync(header, Channel, ServiceUrl, CancellationToken.None);

        AssertRefused(TeamsAuthFailure.MissingToken, result);
    }

    [Theory]
    [InlineData("Basic {0}")]
    [InlineData("bearer {0}")]
    [InlineData("Bearer  {0}")]
    [InlineData("Bearer {0} extra")]
    [InlineData("{0}")]
    [InlineData("Bearer ")]
    public async Task Refuses_a_header_that_is_not_exactly_Bearer_and_one_token(string format)
    {
        var header = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Identity.Mint(AppId, ServiceUrl));

        var result = await Validator.ValidateAsync(header, Channel, ServiceUrl, CancellationToken.None);

        AssertRefused(TeamsAuthFailure.NotBearer, result);
    }

    [Fact]
    public async Task Refuses_a_bearer_value_that_is_not_a_JWT()
    {
        AssertRefused(TeamsAuthFailure.MalformedToken, await ValidateAsync("not-a-jwt"));
    }

    [Fact]
    public async Task Refuses_a_token_that_expired_more_than_five_minutes_ago()
    {
        var token = Identity.Mint(AppId, ServiceUrl, notBefore: T0.AddHours(-1), expires: T0.AddMinutes(-6));

        AssertRefused(TeamsAuthFailure.Expired, await ValidateAsync(token));
    }

    [Fact]
    public async Task Accepts_a_token_that_expired_within_the_five_minute_skew()
    {
        var token = Identity.Mint(AppId, ServiceUrl, notBefore: T0.AddHours(-1), expires: T0.AddMinutes(-4));

        var result = await ValidateAsync(token);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Judges_lifetime_by_the_injected_clock()
    {
        var token = Identity.Mint(AppId, ServiceUrl, notBefore: T0, expires: T0.AddHours(1));
        Assert.True((await ValidateAsync(token)).Succeeded);

        Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5));

        AssertRefused(TeamsAuthFailure.Expired, await ValidateAsync(token));
    }

    [Fact]
    public async Task Refuses_a_token_not_valid_until_more_than_five_minutes_from_now()
    {
        var token = Identity.Mint(AppId, ServiceUrl, notBefore: T0.AddMinutes(6));

        AssertRefused(TeamsAuthFailure.NotYetValid, await ValidateAsync(token));
    }

    [Fact]
    public async Task Accepts_a_token_valid_from_within_the_five_minute_skew()
    {
        var token = Identity.Mint(AppId, ServiceUrl, notBefore: T0.AddMinutes(4));

        var result = await ValidateAsync(token);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Refuses_a_token_for_another_bot()
    {
        var token = Identity.Mint(AppId, ServiceUrl, audience: "11111111-2222-3333-4444-555555555555");

        AssertRefused(TeamsAuthFailure.WrongAudience, await ValidateAsync(token));
    }

    [Theory]
    [InlineData("https://api.botframework.com/")]
    [InlineData("https://API.botframework.com")]
    [InlineData("https://evil.example")]
    [InlineData("https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/")]
    public async Task Refuses_a_token_from_another_issuer(string issuer)
    {
        var token = Identity.Mint(AppId, ServiceUrl, issuer: issuer);

        AssertRefused(TeamsAuthFailure.UnknownIssuer, await ValidateAsync(token));
    }

    [Fact]
    public async Task Refuses_a_token_signed_by_a_key_that_is_not_in_the_JWKS()
    {
        Identity.AddUnpublishedKey("rogue-key");
        var token = Identity.Mint(AppId, ServiceUrl, kid: "rogue-key");

        AssertRefused(TeamsAuthFailure.UnknownKey, await ValidateAsync(token));
    }

    [Fact]
    public async Task Refuses_a_token_naming_a_published_key_but_signed_by_another()
    {
        Identity.AddUnpublishedKey("rogue-key");
        var token = Identity.Mint(AppId, ServiceUrl, kid: FakeBotIdentity.TeamsKeyId, signWith: "rogue-key");

        AssertRefused(TeamsAuthFailure.InvalidSignature, await ValidateAsync(token));
    }

    [Fact]
    public async Task Refuses_a_token_without_a_key_id()
    {
        var token = Identity.Mint(AppId, ServiceUrl, kid: null, signWith: FakeBotIdentity.TeamsKeyId);

        AssertRefused(TeamsAuthFailure.UnknownKey, await ValidateAsync(token));
    }

    [Fact]
    public async Task Refuses_a_token_signed_by_a_key_endorsed_only_for_another_channel()
    {
        var token = Identity.Mint(AppId, ServiceUrl, kid: FakeBotIdentity.WebChatKeyId);

        AssertRefused(TeamsAuthFailure.NotEndorsed, await ValidateAsync(token));
    }

    [Fact]
    public async Task Refuses_a_token_signed_by_a_key_with_no_endorsements()
    {
        Identity.Publish("bare-key");
        var token = Identity.Mint(AppId, ServiceUrl, kid: "bare-key");

        AssertRefused(TeamsAuthFailure.NotEndorsed, await ValidateAsync(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("webchat")]
    [InlineData("MSTEAMS")]
    public async Task Refuses_an_activity_whose_channel_the_key_does_not_endorse(string channelId)
    {
        var token = Identity.Mint(AppId, ServiceUrl);

        AssertRefused(TeamsAuthFailure.NotEndorsed, await ValidateAsync(token, channelId: channelId));
    }

    [Fact]
    public async Task Refuses_HS256_signed_with_the_published_public_key_as_the_secret()
    {
        var token = Identity.Mint(AppId, ServiceUrl, alg: "HS256");

        AssertRefused(TeamsAuthFailure.DisallowedAlgorithm, await ValidateAsync(token));
    }

    [Fact]
    public async Task Refuses_an_unsigned_token_with_alg_none()
    {
        var token = Identity.Mint(AppId, ServiceUrl, alg: "none");

        AssertRefused(TeamsAuthFailure.DisallowedAlgorithm, await ValidateAsync(token));
    }

    [Fact]
    public async Task Refuses_an_activity_whose_serviceUrl_differs_from_the_token_claim()
    {
        var token = Identity.Mint(AppId, ServiceUrl);

        AssertRefused(TeamsAuthFailure.ServiceUrlMismatch, await ValidateAsync(token, serviceUrl: "https://attacker.example/emea/"));
    }

    [Fact]
    public async Task Refuses_a_token_without_a_serviceurl_claim()
    {
        var token = Identity.Mint(AppId, serviceUrl: null);

        AssertRefused(TeamsAuthFailure.MissingServiceUrl, await ValidateAsync(token));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/72f988bf-0000-0000-0000-000000000001")]
    [InlineData("HTTPS://SMBA.TrafficManager.net/emea/72f988bf-0000-0000-0000-000000000001/")]
    public async Task Accepts_a_serviceUrl_differing_only_by_trailing_slash_or_case(string activityServiceUrl)
    {
        var token = Identity.Mint(AppId, ServiceUrl);

        var result = await ValidateAsync(token, serviceUrl: activityServiceUrl);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Refuses_everything_when_no_app_id_is_configured()
    {
        var validator = CreateValidator(appId: null);

        var result = await validator.ValidateAsync("Bearer " + Identity.Mint(AppId, ServiceUrl), Channel, ServiceUrl, CancellationToken.None);

        AssertRefused(TeamsAuthFailure.NotConfigured, result);
    }
}
