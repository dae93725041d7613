using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Lambda.Names;

/// <summary>A function named by a request, with the version or alias it asked for, if any.</summary>
/// <param name="Name">The function's plain name.</param>
/// <param name="Qualifier">The version or alias, such as <c>$LATEST</c>, or null.</param>
internal sealed record FunctionReference(string Name, string? Qualifier)
{
    /// <summary>The ARN of what was asked for, qualified when a qualifier was given.</summary>
    public string Arn(PlatformRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var arn = region.FunctionArn(Name);
        return Qualifier is null ? arn : $"{arn}:{Qualifier}";
    }
}
