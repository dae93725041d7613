namespace Kumo.Core.Packages;

/// <summary>One entry of a code package, with its path made safe and its kind known.</summary>
/// <param name="Path">The path inside the package, with '/' separators, no leading '/', no '.' or '..'.</param>
/// <param name="Kind">File, directory or symbolic link.</param>
/// <param name="UnixMode">The permission bits the zip recorded (0 when it recorded none).</param>
/// <param name="Size">The declared unzipped size.</param>
public sealed record PackageEntry(string Path, PackageEntryKind Kind, int UnixMode, long Size);
