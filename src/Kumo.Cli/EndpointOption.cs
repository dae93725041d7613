using System.CommandLine;

namespace Kumo.Cli;

/// <summary><c>--endpoint</c>: the Kumo server a command talks to; <c>KUMO_ENDPOINT</c> sets the default.</summary>
internal static class EndpointOption
{
    public const string EnvironmentVariable = "KUMO_ENDPOINT";
    public const string Default = "http://127.0.0.1:7070";

    public static Option<string> Instance { get; } = new("--endpoint")
    {
        Description = $"The Kumo server to talk to [env: {EnvironmentVariable}]",
        HelpName = "URL",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Default,
    };

    /// <summary>Parses the endpoint, or explains what is wrong with it.</summary>
    public static Uri? Parse(string value, out string? problem)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            problem = null;
            return uri;
        }

        problem = $"endpoint '{value}' (from --endpoint or {EnvironmentVariable}) is not valid: use an http:// or https:// URL such as {Default}";
        return null;
    }
}
