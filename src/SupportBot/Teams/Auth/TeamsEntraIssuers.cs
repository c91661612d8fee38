namespace SupportBot.Teams.Auth;

/// <summary>
/// Path B (teams-protocol.md §2.3): the Entra issuers accepted, each with the tenant it speaks for.
/// Only the configured tenant's v1.0 (<c>https://sts.windows.net/{tid}/</c>) and v2.0
/// (<c>https://login.microsoftonline.com/{tid}/v2.0</c>) issuers, plus the Emulator's tenants when
/// <see cref="TeamsOptions.AllowEmulator"/> is set. A multi-tenant bot without that accepts none:
/// Entra tokens from any tenant would let any tenant's app call the bot.
/// </summary>
public sealed class TeamsEntraIssuers
{
    /// <summary>The Emulator's issuing tenants in Microsoft's SDK (public cloud): protocol v3.1 and v3.2.</summary>
    public static readonly IReadOnlyList<string> PublicEmulatorTenants =
        ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    private readonly Dictionary<string, string> tenants = new(StringComparer.Ordinal);

    public TeamsEntraIssuers(TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.TenantId))
        {
            Add(options, options.TenantId.Trim());
        }

        if (options.AllowEmulator)
        {
            foreach (var tenant in options.EmulatorTenants.Count > 0 ? [.. options.EmulatorTenants] : PublicEmulatorTenants)
            {
                if (!string.IsNullOrWhiteSpace(tenant))
                {
                    Add(options, tenant.Trim());
                }
            }
        }
    }

    /// <summary>The tenant an accepted issuer speaks for, or null for any other issuer (exact match).</summary>
    public string? TenantOf(string? issuer) => issuer is null ? null : tenants.GetValueOrDefault(issuer);

    /// <summary>
    /// <see cref="TeamsOptions.EntraOpenIdMetadataUrl"/>, else the tenant's v2.0 document, else the
    /// <c>common</c> one (the SDK's constant for Emulator tokens).
    /// </summary>
    public static Uri MetadataUrlOf(TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EntraOpenIdMetadataUrl is { } configured)
        {
            return configured;
        }

        var tenant = string.IsNullOrWhiteSpace(options.TenantId) ? "common" : Uri.EscapeDataString(options.TenantId.Trim());
        return new Uri(Prefix(options.EntraAuthority) + tenant + "/v2.0/.well-known/openid-configuration");
    }

    private void Add(TeamsOptions options, string tenant)
    {
        tenants[Prefix(options.EntraV1Issuer) + tenant + "/"] = tenant;
        tenants[Prefix(options.EntraAuthority) + tenant + "/v2.0"] = tenant;
    }

    private static string Prefix(Uri authority) =>
        authority.AbsoluteUri.EndsWith('/') ? authority.AbsoluteUri : authority.AbsoluteUri + "/";
}
