namespace SupportBot.Tests.Storage.Providers;

/// <summary>The store providers a contract test runs on.</summary>
public enum StorageProvider { Sqlite, Postgres }
