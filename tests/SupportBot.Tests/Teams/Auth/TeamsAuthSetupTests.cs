using Microsoft.Extensions.DependencyInjection;
using SupportBot.Teams;
using SupportBot.Teams.Auth;

namespace SupportBot.Tests.Teams.Auth;

public sealed class TeamsAuthSetupTests : TeamsAuthRig
{
    [Fact]
    public async Task Registers_one_validator_that_reads_keys_through_the_metadata_client()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.Configure<TeamsOptions>(o =>
        {
            o.AppId = AppId;
            o.OpenIdMetadataUrl = Identity.MetadataUrl;
        });
        services.AddTeamsAuth(client => client.ConfigurePrimaryHttpMessageHandler(Identity.CreateHandler));
        await using var provider = services.BuildServiceProvider();

        var validator = provider.GetRequiredService<TeamsTokenValidator>();
        var result = await validator.ValidateAsync("Bearer " + Identity.Mint(AppId, ServiceUrl), Channel, ServiceUrl, CancellationToken.None);

        Assert.Same(validator, provider.GetRequiredService<TeamsTokenValidator>());
        Assert.True(result.Succeeded, result.ToString());
    }
}
