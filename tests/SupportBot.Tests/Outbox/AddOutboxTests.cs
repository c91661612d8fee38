using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Local;
using SupportBot.Outbox;
using SupportBot.Storage;

namespace SupportBot.Tests.Outbox;

public sealed class AddOutboxTests : IDisposable
{
    private readonly OutboxFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public void A_zero_idle_poll_is_refused_at_start_up_because_the_loop_would_spin()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SupportBot:Outbox:IdlePoll"] = "00:00:00" })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddOutbox().BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OutboxOptions>>().Value);
    }

    [Fact]
    public void AddOutbox_registers_the_dispatcher_as_a_hosted_service_with_the_local_adapter_and_configured_options()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SupportBot:Outbox:MaxAttempts"] = "5" })
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IDatabase>(f.Database)
            .AddOutbox();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var dispatcher = provider.GetRequiredService<OutboxDispatcher>();
        Assert.Same(dispatcher, Assert.Single(provider.GetServices<IHostedService>()));
        Assert.IsType<LocalChannel>(provider.GetRequiredService<ChannelRouter>().For(ChannelKind.Local));
        Assert.Equal(5, provider.GetRequiredService<IOptions<OutboxOptions>>().Value.MaxAttempts);
        Assert.Equal(5, provider.GetRequiredService<RetryPolicy>().MaxAttempts);
        Assert.IsType<LoggingDeadLetterNotifier>(provider.GetRequiredService<IDeadLetterNotifier>());
        Assert.Same(f.Database, provider.GetRequiredService<IDatabase>());
    }
}
