namespace Kumo.Core.Packages;

/// <summary>What a package entry is.</summary>
public enum PackageEntryKind
{
    /// <summary>A regular file.</summary>
    File,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link; its target is the entry's content.</summary>
    SymbolicLink,
}
