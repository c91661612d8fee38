using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Policy;

namespace SupportBot.Local;

/// <summary>
/// The local workspace's shared channels, created at start-up so the desk can post to them, with
/// the policy's people who have a local account as members (membership of triage makes an agent).
/// </summary>
public sealed class LocalWorkspace(LocalChannel channel, SupportPolicy policy, IOptions<LocalOptions> options) : IHostedService
{
    public static readonly ConversationRef Triage = new(ChannelKind.Local, "triage", false);
    public static readonly ConversationRef Managers = new(ChannelKind.Local, "managers", false);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        var staff = policy.People.People
            .Where(p => p.Accounts.ContainsKey("local") && policy.People.Roles.Any(r => r.Members.Contains(p.Id)))
            .Select(p => new UserRef(ChannelKind.Local, p.Accounts["local"], p.Name))
            .ToList();
        await channel.EnsureConversationAsync(Triage.Id, "triage", false, cancellationToken);
        await channel.EnsureConversationAsync(Managers.Id, "managers", false, cancellationToken);
        await channel.InviteAsync(Triage, staff, cancellationToken);
        await channel.InviteAsync(Managers, staff.Where(u => IsManager(u.Id)).ToList(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool IsManager(string localId) =>
        policy.People.FindByUser(new UserRef(ChannelKind.Local, localId, localId)) is { } person &&
        (policy.People.HasRole(person, Core.Engine.Actor.ManagersRole) || policy.People.HasRole(person, Core.Engine.Actor.AdminsRole));
}
