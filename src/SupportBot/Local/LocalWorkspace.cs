using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;

namespace SupportBot.Local;

/// <summary>The local workspace's shared channels, created at start-up so the desk can post to them.</summary>
public sealed class LocalWorkspace(LocalChannel channel, IOptions<LocalOptions> options) : IHostedService
{
    public static readonly ConversationRef Triage = new(ChannelKind.Local, "triage", false);
    public static readonly ConversationRef Managers = new(ChannelKind.Local, "managers", false);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            await channel.EnsureConversationAsync(Triage.Id, "triage", false, cancellationToken);
            await channel.EnsureConversationAsync(Managers.Id, "managers", false, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
