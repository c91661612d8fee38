using Dapper;

namespace SupportBot.Storage;

/// <summary>
/// <c>(@name0, @name1, …)</c> for an IN, one parameter per value, on both providers: Dapper hands a list
/// to Npgsql as one array parameter, which IN cannot take.
/// </summary>
public static class SqlList
{
    public static string In(DynamicParameters parameters, string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var names = values.Select((value, i) =>
        {
            parameters.Add($"{name}{i}", value);
            return $"@{name}{i}";
        }).ToList();
        return names.Count == 0
            ? throw new ArgumentException("An IN list needs at least one value.", nameof(values))
            : $"({string.Join(", ", names)})";
    }
}
