using NodaTime;

namespace SupportBot.Core;

/// <summary>The bridge from the injected <see cref="TimeProvider"/> (the only source of "now") to NodaTime.</summary>
public static class TimeProviderExtensions
{
    public static Instant GetCurrentInstant(this TimeProvider time) => Instant.FromDateTimeOffset(time.GetUtcNow());
}
