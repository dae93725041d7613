namespace Kumo.Core.Packages;

/// <summary>What a code package holds, and every reason to refuse it.</summary>
/// <param name="Entries">The entries, with safe paths.</param>
/// <param name="UnzippedBytes">The declared total size, unzipped.</param>
/// <param name="Problems">Every problem found, as sentences; the package is usable only when this is empty.</param>
public sealed record PackageInspection(IReadOnlyList<PackageEntry> Entries, long UnzippedBytes, IReadOnlyList<string> Problems)
{
    /// <summary>Whether the package may be stored and run.</summary>
    public bool IsValid => Problems.Count == 0;
}
