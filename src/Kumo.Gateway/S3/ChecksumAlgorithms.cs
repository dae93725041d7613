namespace Kumo.Gateway.S3;

/// <summary>The names under which each <see cref="ChecksumAlgorithm"/> travels.</summary>
internal static class ChecksumAlgorithms
{
    public static readonly ChecksumAlgorithm[] All = Enum.GetValues<ChecksumAlgorithm>();

    /// <summary>S3's name, as in <c>x-amz-sdk-checksum-algorithm</c> and the stored checksums: <c>CRC32</c>, <c>CRC64NVME</c>…</summary>
    public static string Name(this ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "CRC32",
        ChecksumAlgorithm.Crc32C => "CRC32C",
        ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        ChecksumAlgorithm.Sha1 => "SHA1",
        _ => "SHA256",
    };

    /// <summary>The header (or trailer) that carries it: <c>x-amz-checksum-crc32</c>…</summary>
    public static string HeaderName(this ChecksumAlgorithm algorithm) => S3Headers.ChecksumPrefix + algorithm.Name().ToLowerInvariant();

    /// <summary>The XML element of listings and CopyObjectResult: <c>ChecksumCRC32</c>…</summary>
    public static string ElementName(this ChecksumAlgorithm algorithm) => "Checksum" + algorithm.Name();

    /// <summary>How many bytes the digest has.</summary>
    public static int Size(this ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C => 4,
        ChecksumAlgorithm.Crc64Nvme => 8,
        ChecksumAlgorithm.Sha1 => 20,
        _ => 32,
    };

    /// <summary>The algorithm S3 calls <paramref name="name"/> (any case), if any.</summary>
    public static ChecksumAlgorithm? FromName(string name) =>
        All.Cast<ChecksumAlgorithm?>().FirstOrDefault(a => string.Equals(a!.Value.Name(), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The algorithm whose header is <paramref name="header"/> (any case), if any.</summary>
    public static ChecksumAlgorithm? FromHeaderName(string header) =>
        header.StartsWith(S3Headers.ChecksumPrefix, StringComparison.OrdinalIgnoreCase) ? FromName(header[S3Headers.ChecksumPrefix.Length..]) : null;
}
