using Microsoft.Extensions.DependencyInjection.Extensions;
using SupportBot.Core.Channels;
using SupportBot.Local;
using SupportBot.Storage;

namespace SupportBot.Outbox;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// The outbox dispatcher and its parts, and the local workspace adapter. Teams and Slack add their
    /// own <see cref="IChatChannel"/> when configured. Replace <see cref="IDeadLetterNotifier"/> (for
    /// example with <see cref="TriageDeadLetterNotifier"/>) to announce dead letters; the default only logs.
    /// The database must be migrated before the host starts; the dispatcher retries until it is.
    /// </summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Heartbeat * 2 <= o.LeaseTimeout,
                "SupportBot:Outbox:Heartbeat must be at most half of LeaseTimeout, or a live instance may lose its lanes.")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDatabase();
        services.TryAddSingleton<IDeadLetterNotifier, LoggingDeadLetterNotifier>();

        services.AddSingleton<OutboxStore>();
        services.TryAddSingleton(_ => InstanceId.ForThisProcess());
        services.AddSingleton(sp => new LaneLeases(
            sp.GetRequiredService<IDatabase>(), sp.GetRequiredService<InstanceId>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<OutboxOptions>>().Value.LeaseTimeout));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(sp => new RetryPolicy(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<OutboxOptions>>()));
        services.AddSingleton<ChannelRouter>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<OutboxMetrics>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

        services.AddSingleton<LocalChannel>();
        services.AddSingleton<IChatChannel>(sp => sp.GetRequiredService<LocalChannel>());
        return services;
    }
}
