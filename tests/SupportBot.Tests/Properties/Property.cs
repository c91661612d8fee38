using FsCheck;
using FsCheck.Fluent;

namespace SupportBot.Tests.Properties;

/// <summary>
/// Runs a property for a fixed number of generated cases (kept small enough that each class stays under
/// ~20 s) and fails the test with FsCheck's report, which names the case and the seed to replay it.
/// </summary>
internal static class Property
{
    public static void Check<T>(Gen<T> cases, int runs, Action<T> property) =>
        Prop.ForAll(cases.ToArbitrary(), property)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(runs).WithQuietOnSuccess(true));

    /// <summary>For properties that must await (HTTP): the cases are drawn first, then run in order.</summary>
    public static async Task CheckAsync<T>(Gen<T> cases, int runs, Func<T, Task> property)
    {
        foreach (var (item, n) in cases.Sample(30, runs).Select((c, i) => (c, i)))
        {
            try
            {
                await property(item);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"Case {n + 1} of {runs} failed: {Describe(item)}\n{e}");
            }
        }
    }

    private static string Describe<T>(T item)
    {
        var text = item?.ToString() ?? "null";
        return text.Length > 4000 ? text[..4000] + "…" : text;
    }
}
