using System.Data.Common;

namespace SupportBot.Storage;

/// <summary>
/// The store's database, whichever provider runs it: SQLite (one instance) or PostgreSQL (several).
/// Every store writes through here, with the same SQL where the two agree and <see cref="Dialect"/>
/// where they do not.
/// </summary>
public interface IDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>Where files that belong beside the data are written (privacy exports).</summary>
    string FilesFolder { get; }

    /// <summary>An open connection with the durability settings every commit relies on.</summary>
    DbConnection Open();

    /// <summary>
    /// A write transaction: on SQLite it takes the write lock at once (BEGIN IMMEDIATE), so what the
    /// transaction reads cannot change before it writes; on PostgreSQL it is READ COMMITTED and the
    /// SQL locks the rows it decides on (<see cref="SqlDialect.ForUpdate"/>) or checks a version.
    /// </summary>
    DbTransaction BeginWrite(DbConnection connection);

    /// <summary>A read-only transaction that sees one consistent snapshot (a page that shows many rows at once).</summary>
    DbTransaction BeginRead(DbConnection connection);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and returns once its commit is durable.
    /// SQLite shares one commit between concurrent callers, each in its own savepoint; PostgreSQL
    /// commits each alone and runs it again after a serialization failure or a deadlock.
    /// </summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken ct);

    /// <summary>Creates the schema or brings it up to date; several instances may call it at once.</summary>
    void Migrate();

    /// <summary>True when the database answers a query: what /readyz checks.</summary>
    bool IsReachable();
}
