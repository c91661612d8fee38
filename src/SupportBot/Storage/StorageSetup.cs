using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupportBot.Storage.Postgres;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage;

public static class StorageSetup
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddDatabase();
        builder.Services.AddSingleton<IStepStore, StepStore>();
        return builder;
    }

    /// <summary>
    /// The database SupportBot:Storage names, once however many features ask for it: SQLite by
    /// default, PostgreSQL when several instances share one store.
    /// </summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.IsPostgres || o.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase),
                "SupportBot:Storage:Provider must be Sqlite or Postgres.")
            .Validate(o => !o.IsPostgres || !string.IsNullOrWhiteSpace(o.PostgresConnectionString),
                "SupportBot:Storage:Provider is Postgres, so SupportBot:Storage:PostgresConnectionString is required (Host=…;Database=…;Username=…;Password=…).")
            .ValidateOnStart();
        services.TryAddSingleton<IDatabase>(sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.IsPostgres
                ? ActivatorUtilities.CreateInstance<PostgresDatabase>(sp)
                : ActivatorUtilities.CreateInstance<SqliteDatabase>(sp));
        return services;
    }

    /// <summary>Creates the database and applies migrations; called once before the host starts.</summary>
    public static WebApplication MigrateStorage(this WebApplication app)
    {
        app.Services.GetRequiredService<IDatabase>().Migrate();
        return app;
    }
}
