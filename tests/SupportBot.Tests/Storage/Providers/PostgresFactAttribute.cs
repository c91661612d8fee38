namespace SupportBot.Tests.Storage.Providers;

/// <summary>A test that needs a PostgreSQL server: skipped with the reason shown when none is configured (see <see cref="PostgresServer"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresServer.SkipReason;
}
