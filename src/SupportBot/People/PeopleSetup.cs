using Microsoft.Extensions.DependencyInjection.Extensions;
using SupportBot.Storage;

namespace SupportBot.People;

public static class PeopleSetup
{
    /// <summary>The directory of learned accounts and the profile cache, once, for whichever platform adapters are on.</summary>
    public static IServiceCollection AddPeopleDirectory(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddDatabase();
        services.TryAddSingleton<PeopleDirectory>();
        services.TryAddSingleton<ProfileCache>();
        return services;
    }
}
