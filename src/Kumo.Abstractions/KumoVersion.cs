using System.Reflection;

namespace Kumo.Abstractions;

/// <summary>The version of this Kumo build, shared by the server and the CLI.</summary>
public static class KumoVersion
{
    /// <summary>The full version, such as <c>0.1.0+3f2a9c1</c>: the release and, when built from git, the commit.</summary>
    public static string Informational { get; } =
        typeof(KumoVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(KumoVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The version with the commit shortened to 12 digits, for people to read.</summary>
    public static string Short { get; } = Shorten(Informational);

    private static string Shorten(string version)
    {
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 || version.Length - plus - 1 <= 12 ? version : version[..(plus + 13)];
    }
}
