namespace Kumo.Gateway.S3;

/// <summary>A part named by a CompleteMultipartUpload document.</summary>
/// <param name="PartNumber">Its number, as written (the caller checks the range).</param>
/// <param name="ETag">The ETag the client was given for it, quoted or not.</param>
/// <param name="Checksums">The checksums the client names for it, by algorithm.</param>
internal sealed record RequestedPart(int PartNumber, string ETag, IReadOnlyDictionary<string, string> Checksums);
