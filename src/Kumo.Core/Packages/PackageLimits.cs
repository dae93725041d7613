namespace Kumo.Core.Packages;

/// <summary>What a function's code package may be, as on Lambda where Lambda says, and against zip bombs where it does not.</summary>
public sealed record PackageLimits
{
    /// <summary>The zip itself: 50 MB, as Lambda's direct upload.</summary>
    public long MaxZippedBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Everything in it, unzipped: 250 MB, as Lambda.</summary>
    public long MaxUnzippedBytes { get; init; } = 250L * 1024 * 1024;

    /// <summary>Files, folders and links in it.</summary>
    public int MaxEntries { get; init; } = 20_000;

    /// <summary>How many times larger than its compressed size an entry may unzip to; real code rarely passes 20.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Entries smaller than this (unzipped) are not held to the ratio: tiny files compress wildly.</summary>
    public long RatioCheckedAboveBytes { get; init; } = 1024 * 1024;
}
