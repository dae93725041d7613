namespace Kumo.Invocation.Catalog;

/// <summary>The key of a function's coordinator grain and of its in-memory state: <c>{tenant}/{name}</c>.</summary>
internal static class FunctionKeys
{
    public static string Of(string tenantId, string name) => tenantId + "/" + name;
}
