namespace Kumo.Runtime.Dotnet;

/// <summary>
/// A .NET handler string as AWS names it: <c>Assembly::Namespace.Type::Method</c> for a class-library handler,
/// or just <c>Assembly</c> for an executable assembly that runs its own Runtime API loop.
/// </summary>
internal sealed record HandlerName(string Assembly, string? Type, string? Method)
{
    public bool IsExecutable => Type is null;

    public static HandlerName? Parse(string text, out string? problem)
    {
        problem = null;
        var parts = text.Split("::");
        if (parts.Length == 1 && parts[0].Length > 0 && !parts[0].Contains(':', StringComparison.Ordinal))
        {
            return new HandlerName(parts[0], null, null);
        }

        if (parts.Length == 3 && parts.All(p => p.Length > 0))
        {
            return new HandlerName(parts[0], parts[1], parts[2]);
        }

        problem = $"Bad handler '{text}': use Assembly::Namespace.Type::Method for a class library, or the assembly name for an executable";
        return null;
    }
}
