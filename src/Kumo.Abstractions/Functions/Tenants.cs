namespace Kumo.Abstractions.Functions;

/// <summary>Tenant ids. Every stored object carries one; single-user mode uses <see cref="Default"/>.</summary>
public static class Tenants
{
    /// <summary>The one tenant of single-user mode.</summary>
    public const string Default = "default";
}
