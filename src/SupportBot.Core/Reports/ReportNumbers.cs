using System.Globalization;
using NodaTime;

namespace SupportBot.Core.Reports;

/// <summary>How figures are written in the exports: minutes and scores with up to two decimals, fractions with up to four, invariant culture.</summary>
internal static class ReportNumbers
{
    public static double? Minutes(Duration? d) => Round(d?.TotalMinutes, 2);

    public static double? Fraction(double? f) => Round(f, 4);

    public static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;

    public static string Text(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
