namespace Kumo.Gateway.Lambda.Functions;

/// <summary>The <c>Code</c> of a <c>CreateFunction</c> request: only <see cref="ZipFile"/> is supported today.</summary>
internal sealed record FunctionCode
{
    /// <summary>The zip, base64 in JSON.</summary>
    public byte[]? ZipFile { get; init; }

    public string? S3Bucket { get; init; }

    public string? S3Key { get; init; }

    public string? S3ObjectVersion { get; init; }

    public string? ImageUri { get; init; }
}
