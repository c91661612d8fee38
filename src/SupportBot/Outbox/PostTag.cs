using SupportBot.Core.Engine;

namespace SupportBot.Outbox;

/// <param name="Id">What a post of the row carries, where the platform can tag posts (<see cref="ITaggedPosts"/>).</param>
/// <param name="MayBeSentSince">Set when an earlier attempt (an instance that stopped mid-call) may have posted the row already, from then on: look before posting.</param>
/// <param name="Delivery">The row's class: decides what a failed look-up does (a page is sent anyway, anything else waits).</param>
public sealed record PostTag(string Id, DateTimeOffset? MayBeSentSince, DeliveryClass Delivery = DeliveryClass.AtMostOnce);
