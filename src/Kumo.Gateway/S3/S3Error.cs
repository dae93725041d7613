namespace Kumo.Gateway.S3;

/// <summary>An S3 error answer: its status, code and message, the extra elements S3 adds for it, and any headers.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">S3's error code, such as <c>NoSuchKey</c>.</param>
/// <param name="Message">What went wrong, in S3's words where S3 has them.</param>
internal sealed record S3Error(int Status, string Code, string Message)
{
    /// <summary>Elements after <c>Message</c>, such as <c>Key</c> or <c>BucketName</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    /// <summary>Response headers the error carries, such as <c>Content-Range</c> for InvalidRange.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>This error with one more detail element.</summary>
    public S3Error With(string element, string value) => this with { Details = [.. Details, new(element, value)] };
}
