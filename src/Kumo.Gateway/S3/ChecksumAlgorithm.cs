namespace Kumo.Gateway.S3;

/// <summary>The checksums S3 takes with an upload (<c>x-amz-checksum-*</c>) and gives back with <c>x-amz-checksum-mode: ENABLED</c>.</summary>
internal enum ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Crc64Nvme,
    Sha1,
    Sha256,
}
