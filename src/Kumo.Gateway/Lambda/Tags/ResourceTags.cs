namespace Kumo.Gateway.Lambda.Tags;

/// <summary>The body of <c>TagResource</c> and the answer of <c>ListTags</c>.</summary>
internal sealed record ResourceTags
{
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
