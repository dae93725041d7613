namespace Kumo.Gateway.Lambda.Functions;

/// <summary>The body of <c>UpdateFunctionCode</c>.</summary>
internal sealed record UpdateFunctionCodeRequest
{
    /// <summary>The zip, base64 in JSON.</summary>
    public byte[]? ZipFile { get; init; }

    public string? S3Bucket { get; init; }

    public string? S3Key { get; init; }

    public string? S3ObjectVersion { get; init; }

    public string? ImageUri { get; init; }

    public bool? Publish { get; init; }

    public bool? DryRun { get; init; }

    public string? RevisionId { get; init; }

    public IReadOnlyList<string>? Architectures { get; init; }
}
