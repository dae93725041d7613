namespace Kumo.Gateway.Lambda.Functions;

/// <summary>The parts of a code request Kumo does not support yet, each reported with what to do instead.</summary>
internal static class CodeSourceChecks
{
    public const string Architecture = "x86_64";

    public static void Check(
        List<string> problems,
        bool hasS3Source,
        string? imageUri,
        bool? publish,
        IReadOnlyList<string>? architectures,
        string zipField)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (hasS3Source)
        {
            problems.Add($"code from S3 buckets is not supported yet; pass {zipField}");
        }

        if (imageUri is not null)
        {
            problems.Add($"container images (ImageUri) are not supported yet; pass a .zip package as {zipField}");
        }

        if (publish == true)
        {
            problems.Add("versions are not supported yet: publishing (Publish: true) is not available; leave Publish false");
        }

        if (architectures is not null && (architectures.Count != 1 || architectures[0] != Architecture))
        {
            problems.Add($"Architectures must be [\"{Architecture}\"], the only architecture Kumo supports");
        }
    }
}
