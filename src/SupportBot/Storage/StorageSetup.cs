using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage;

public static class StorageSetup
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase),
                "SupportBot:Storage:Provider must be Sqlite (PostgreSQL support is not in this build yet).")
            .ValidateOnStart();
        builder.Services.AddSingleton<SqliteDatabase>();
        builder.Services.AddSingleton<IStepStore, SqliteStepStore>();
        return builder;
    }

    /// <summary>Creates the database file and applies migrations; called once before the host starts.</summary>
    public static WebApplication MigrateStorage(this WebApplication app)
    {
        app.Services.GetRequiredService<SqliteDatabase>().Migrate();
        return app;
    }
}
